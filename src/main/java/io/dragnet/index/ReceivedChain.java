package io.dragnet.index;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Received headers (topmost first, as a message carries them): when the message
 * arrived, and which server handed it to us.
 *
 * <p>The entry hop is the topmost Received header whose connecting IP is public: headers above
 * it are our own internal hops (content filters on 127.0.0.1, relays on 10.x). Its IP is the
 * HELO server's IP; the IP in the header below it, if any, is the previous hop.
 */
record ReceivedChain(Instant receivedAt, String heloIp, String previousHopIp) {
    /** The connecting address Postfix, Exim and Sendmail put in brackets: [203.0.113.9] or [IPv6:2001:db8::1]. */
    private static final Pattern BRACKETED_IP = Pattern.compile("\\[(?:IPv6:)?([0-9A-Fa-f:.]{3,45})]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    static final ReceivedChain EMPTY = new ReceivedChain(null, null, null);

    /** @param dateParser reads the RFC 5322 date after the last ';', null when it cannot */
    static ReceivedChain of(List<String> received, Function<String, Instant> dateParser) {
        if (received.isEmpty()) {
            return EMPTY;
        }
        Instant receivedAt = null;
        String topmost = received.get(0);
        int semicolon = topmost.lastIndexOf(';');
        if (semicolon >= 0) {
            receivedAt = dateParser.apply(topmost.substring(semicolon + 1).trim());
        }
        for (int i = 0; i < received.size(); i++) {
            String ip = connectingIp(received.get(i));
            if (ip != null && isPublic(ip)) {
                String previous = i + 1 < received.size() ? connectingIp(received.get(i + 1)) : null;
                return new ReceivedChain(receivedAt, ip, previous);
            }
        }
        return new ReceivedChain(receivedAt, null, null);
    }

    /**
     * The IP of the "from" clause. Postfix writes {@code from HELO (RDNS [IP])}: the connecting IP
     * is the bracketed one inside the parentheses, because the HELO name may itself be a bracketed
     * literal ({@code from [192.168.1.23] (unknown [198.51.100.4])}). Without parentheses, the first
     * bracketed address before " by " is taken.
     */
    static String connectingIp(String header) {
        int by = header.indexOf(" by ");
        String from = by < 0 ? header : header.substring(0, by);
        int paren = from.indexOf('(');
        if (paren >= 0) {
            Matcher inside = BRACKETED_IP.matcher(from.substring(paren));
            if (inside.find()) {
                return inside.group(1);
            }
        }
        Matcher matcher = BRACKETED_IP.matcher(from);
        return matcher.find() ? matcher.group(1) : null;
    }

    static boolean isPublic(String ip) {
        boolean v4 = IPV4.matcher(ip).matches();
        if (v4) {
            for (String octet : ip.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false; // else InetAddress would take it for a host name and ask DNS
                }
            }
        } else if (!ip.contains(":")) {
            return false;
        }
        try {
            // a literal: no lookup happens
            InetAddress address = InetAddress.getByName(ip);
            if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                    || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                return false;
            }
            byte[] bytes = address.getAddress();
            // 100.64.0.0/10 (carrier-grade NAT) and fc00::/7 (unique local) are private too
            boolean cgnat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
            boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
            return !cgnat && !uniqueLocal;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
