package io.dragnet.corpus;

/**
 * The SMTP path of a message before the recipient's MX.
 *
 * @param heloName     what the connecting server said in HELO
 * @param rdns         its reverse DNS name, or null when it has none (Postfix writes "unknown")
 * @param heloIp       the connecting IP
 * @param tls          whether the entry hop used STARTTLS (ESMTPS) or not (ESMTP)
 * @param previousName the client the sender's server accepted the mail from, or null for no such hop
 * @param previousIp   that client's IP, or null
 * @param previousAt   when the sender's server received it, epoch seconds
 * @param authUser     the SASL user on the previous hop, or null
 * @param offset       the sender's UTC offset, for the previous hop's date
 */
record Relay(String heloName, String rdns, String heloIp, boolean tls,
             String previousName, String previousIp, long previousAt, String authUser, int offset) {
}
