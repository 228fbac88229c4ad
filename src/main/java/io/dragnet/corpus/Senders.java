package io.dragnet.corpus;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Sending infrastructure: relays with fixed IPs per domain (so a HELO-IP search finds all mail
 * of a sender), client hops, Message-IDs and time zones. IPs are from the documentation ranges.
 */
final class Senders {
    static final List<String> PUBLIC_PREFIXES = List.of("203.0.113.", "198.51.100.", "192.0.2.");
    private static final int[] OFFSETS = {0, 0, 3600, 7200, -14400, -18000, -25200, 19800, 32400, 36000};
    private static final List<String> CLIENTS = List.of("DESKTOP-4F2K9QJ", "LAPTOP-8HJ2MQ1", "macbook-pro.localdomain",
            "[192.168.1.23]", "[10.20.0.14]");
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final long seed;

    Senders(long seed) {
        this.seed = seed;
    }

    /** A domain's own outbound relay: fixed names and IPs, forward-confirmed, TLS. */
    Relay ownRelay(SplittableRandom rng, String domain, long sentAt, long receivedAt, boolean clientHop,
                   String authUser) {
        long h = domainHash(domain);
        int relayNumber = 1 + rng.nextInt(2);
        String name = (h % 3 == 0 ? "smtp" : "mail-out") + relayNumber + "." + domain;
        String ip = PUBLIC_PREFIXES.get((int) (h >>> 8 & 1)) + octet(h >>> 16, relayNumber - 1);
        return withClient(rng, new Relay(name, name, ip, true, null, null, 0, null, offsetOf(domain)),
                sentAt, receivedAt, clientHop, authUser);
    }

    /** A server with no reputation: a VPS or a compromised host, often without reverse DNS. */
    Relay shadyRelay(SplittableRandom rng, String ip, long sentAt, long receivedAt, boolean clientHop) {
        String helo = rng.nextBoolean() ? "vps" + rng.nextInt(90_000) + ".cheap-hosting.example"
                : "host-" + ip.replace('.', '-') + ".dyn.isp.example";
        String rdns = rng.nextInt(5) < 2 ? null : helo;
        boolean tls = rng.nextInt(5) > 0;
        return withClient(rng, new Relay(helo, rdns, ip, tls, null, null, 0, null, 0), sentAt, receivedAt,
                clientHop, null);
    }

    private Relay withClient(SplittableRandom rng, Relay relay, long sentAt, long receivedAt, boolean clientHop,
                             String authUser) {
        if (!clientHop || receivedAt - sentAt < 2) {
            return relay;
        }
        String ip = randomIp(rng, 1);
        String client = Vocabulary.pick(rng, CLIENTS);
        long at = sentAt + 1 + rng.nextLong(receivedAt - sentAt - 1);
        return new Relay(relay.heloName(), relay.rdns(), relay.heloIp(), relay.tls(), client, ip, at, authUser,
                relay.offset());
    }

    /** A documentation IP; prefix 0 → 203.0.113/24 or 198.51.100/24, prefix 1 → 198.51.100/24 or 192.0.2/24. */
    static String randomIp(SplittableRandom rng, int prefixFrom) {
        return PUBLIC_PREFIXES.get(prefixFrom + rng.nextInt(2)) + (1 + rng.nextInt(254));
    }

    int offsetOf(String domain) {
        return OFFSETS[Math.floorMod(domainHash(domain) >>> 4, OFFSETS.length)];
    }

    private long domainHash(String domain) {
        return Shuffle.seedFor(seed, domain.hashCode()) & Long.MAX_VALUE;
    }

    private static int octet(long hash, int plus) {
        return 1 + (int) ((hash % 250) + plus);
    }

    /** A Message-ID in one of several real-world shapes; the serial, at a fixed place, makes it unique. */
    static String messageId(SplittableRandom rng, long serial, String domain, long sentAt) {
        String unique = pad(Long.toString(serial, 36), 8);
        switch (rng.nextInt(4)) {
            case 0: // Thunderbird
                return hex(rng, 8) + "-" + hex(rng, 4) + "-4" + hex(rng, 3) + "-a" + hex(rng, 3) + "-"
                        + hex(rng, 4) + unique + "@" + domain;
            case 1: // Gmail-like, with the '+', '=' and '_' that trip naive parsers
                return "CA" + chars(rng, 6) + "+" + chars(rng, 10) + "=" + unique + "_" + chars(rng, 8)
                        + "@mail.gmail.example";
            case 2: // Exchange Online
                String server = chars(rng, 4).toUpperCase(Locale.ROOT) + "PR0" + rng.nextInt(10) + "MB"
                        + (1000 + rng.nextInt(9000));
                return server + hex(rng, 16).toUpperCase(Locale.ROOT) + unique.toUpperCase(Locale.ROOT) + "@" + server
                        + ".eurprd0" + rng.nextInt(10) + ".prod.outlook.example";
            default: // mailing software: time-stamped
                return sentAt + "." + unique + "." + hex(rng, 12) + "@" + domain;
        }
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : "0".repeat(width - text.length()) + text;
    }

    private static String hex(SplittableRandom rng, int digits) {
        return pad(Long.toHexString(rng.nextLong() >>> (64 - 4 * digits)), digits);
    }

    private static String chars(SplittableRandom rng, int count) {
        char[] out = new char[count];
        for (int i = 0; i < count; i++) {
            out[i] = ID_CHARS.charAt(rng.nextInt(ID_CHARS.length()));
        }
        return new String(out);
    }
}
