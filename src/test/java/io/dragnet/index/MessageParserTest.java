package io.dragnet.index;

import io.dragnet.search.DispositionLabel;
import io.dragnet.testing.SampleMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageParserTest {

    final MessageParser parser = new MessageParser(VerdictRules.defaults());

    ParsedMessage parse(String text) throws Exception {
        return parser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void reads_every_field_the_index_keeps() throws Exception {
        ParsedMessage m = parse(SampleMail.PHISH);
        assertThat(m.messageId()).isEqualTo("abc123@evil.example");
        assertThat(m.subject()).isEqualTo("Rechnung März überfällig");
        assertThat(m.from()).isEqualTo(new Address("ceo@evil.example", "Jürgen Müller"));
        assertThat(m.envelopeFrom()).isEqualTo("bounce@evil.example");
        assertThat(m.replyTo()).isEqualTo("payments@evil.example");
        assertThat(m.to()).containsExactly(new Address("alice@example.com", "Alice"), new Address("bob@example.com", null));
        assertThat(m.cc()).containsExactly(new Address("carol@example.org", null));
        assertThat(m.envelopeTo()).containsExactly("alice@example.com");
        assertThat(m.sentAt()).isEqualTo(Instant.parse("2026-11-23T11:59:50Z"));
        assertThat(m.receivedAt()).isEqualTo(Instant.parse("2026-11-23T12:00:05Z"));
        assertThat(m.heloIp()).isEqualTo("203.0.113.9");
        assertThat(m.previousHopIp()).isEqualTo("198.51.100.7");
        assertThat(m.originatingIp()).isEqualTo("198.51.100.7");
        assertThat(List.of(m.spf(), m.dkim(), m.dmarc())).containsExactly("fail", "none", "fail");
        assertThat(m.verdict().label()).isEqualTo(DispositionLabel.MALICIOUS);
        assertThat(m.verdict().threatCategories()).containsExactly("URIBL_PHISH", "FORGED_SENDER", "credential_harvester");
        assertThat(m.verdict().reasons()).singleElement().asString().contains("score=12.3");
        assertThat(m.linkDomains()).containsExactlyInAnyOrder("login.micros0ft-support.example", "track.evil.example", "cdn.files.example");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("Rechnung_März.zip");
            assertThat(a.sha256()).isEqualTo("65964cad705da477d8db44d002e331aa3f549e0837122a0555f755777417add0");
            assertThat(a.sizeBytes()).isEqualTo(10);
        });
    }

    @Test
    void copies_that_differ_only_in_delivery_headers_have_one_identity() throws Exception {
        ParsedMessage alice = parse(SampleMail.PHISH);
        ParsedMessage bob = parse(SampleMail.PHISH.replace("Delivered-To: alice@example.com", "Delivered-To: bob@example.com")
                .replace("12:00:05 +0000 (UTC)", "12:00:09 +0000 (UTC)"));
        assertThat(MessageIdentity.of("acme", bob).postfixId()).isEqualTo(MessageIdentity.of("acme", alice).postfixId());
        assertThat(MessageIdentity.of("globex", bob).postfixId()).isNotEqualTo(MessageIdentity.of("acme", alice).postfixId());
        assertThat(MessageIdentity.of("acme", alice).postfixId()).matches("[0-9A-Za-z]{16}");
    }

    @Test
    void a_copy_of_a_message_already_read_is_read_to_the_end_of_its_header() throws Exception {
        // a megabyte after the last part: more than the parser reads ahead
        byte[] bytes = (SampleMail.PHISH + "\n" + "epilogue ".repeat(1 << 17)).getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        List<Reading.Identifying> offered = new ArrayList<>();
        Reading reading = parser.parse(in, header -> !offered.add(header));

        assertThat(reading).isInstanceOf(Reading.HeaderOnly.class);
        assertThat(offered).singleElement().isEqualTo(new Reading.Identifying("abc123@evil.example",
                new Address("ceo@evil.example", "Jürgen Müller"), Instant.parse("2026-11-23T11:59:50Z")));
        assertThat(in.available()).as("bytes left unread").isGreaterThan(bytes.length / 2);
        assertThat(MessageIdentity.of("acme", offered.get(0)).postfixId())
                .isEqualTo(MessageIdentity.of("acme", parse(SampleMail.PHISH)).postfixId());
    }

    @Test
    void a_message_without_a_message_id_is_always_read_whole() throws Exception {
        String withoutId = SampleMail.PHISH.lines().filter(line -> !line.startsWith("Message-ID:"))
                .collect(Collectors.joining("\n", "", "\n"));
        Reading reading = parser.parse(new ByteArrayInputStream(withoutId.getBytes(StandardCharsets.UTF_8)),
                header -> false);
        // its identity needs the body's hash
        assertThat(reading).isInstanceOfSatisfying(Reading.Whole.class,
                whole -> assertThat(whole.message().attachments()).hasSize(1));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            explicit disposition   | X-Dragnet-Disposition: malicious-bec                                         | MALICIOUS-BEC
            rspamd reject          | X-Rspamd-Action: reject                                                      | MALICIOUS
            rspamd soft reject     | X-Rspamd-Action: soft reject                                                 | SUSPICIOUS
            rspamd add header      | X-Spam-Action: add header                                                    | SPAM
            rspamd no action       | X-Rspamd-Action: no action                                                   | NONE
            spamassassin phish     | X-Spam-Status: Yes, score=9.1 required=5.0 tests=HTML_MESSAGE,PHISH_URL     | MALICIOUS
            spamassassin spoof     | X-Spam-Status: Yes, score=6.0 required=5.0 tests=FORGED_SENDER             | SPOOF
            spamassassin bulk      | X-Spam-Status: Yes, score=5.4 required=5.0 tests=BULK_NEWSLETTER           | BULK
            spamassassin spam      | X-Spam-Status: Yes, score=8.0 required=5.0 tests=HTML_MESSAGE,RDNS_NONE    | SPAM
            spamassassin clean     | X-Spam-Status: No, score=-1.0 required=5.0 tests=ALL_TRUSTED               | NONE
            flag only              | X-Spam-Flag: YES                                                            | SPAM
            no filter headers      | X-Mailer: Thunderbird                                                       | NONE
            """)
    void the_default_verdict_table(String name, String header, String label) throws Exception {
        ParsedMessage m = parse(header + "\nFrom: a@b.example\nSubject: s\n\nbody\n");
        assertThat(m.verdict().label().wire()).isEqualTo(label);
    }

    @Test
    void a_folded_spamassassin_status_is_read_whole() throws Exception {
        ParsedMessage m = parse("X-Spam-Status: Yes, score=23.0 required=5.0 tests=DCC_CHECK,\n"
                + "\tDKIM_ADSP_NXDOMAIN,KAM_PHISH_CRED autolearn=no\n\tautolearn_force=no version=4.0.0\n"
                + "From: a@b.example\nSubject: s\n\nbody\n");
        assertThat(m.verdict().label()).isEqualTo(DispositionLabel.MALICIOUS);
        assertThat(m.verdict().threatCategories()).containsExactly("DCC_CHECK", "DKIM_ADSP_NXDOMAIN", "KAM_PHISH_CRED");
    }

    @Test
    void received_chains_skip_internal_hops_and_read_ipv6() {
        ReceivedChain chain = ReceivedChain.of(List.of(
                "from amavis (localhost [127.0.0.1]) by mx1; Mon, 23 Nov 2026 12:00:05 +0000",
                "from relay (relay [10.1.2.3]) by amavis; Mon, 23 Nov 2026 12:00:04 +0000",
                "from mail.example.net (mail.example.net [IPv6:2001:db8::25]) by relay; Mon, 23 Nov 2026 12:00:03 +0000",
                "from client ([192.0.2.44]) by mail.example.net; Mon, 23 Nov 2026 12:00:00 +0000"), MailDate::parse);
        assertThat(chain.receivedAt()).isEqualTo(Instant.parse("2026-11-23T12:00:05Z"));
        assertThat(chain.heloIp()).isEqualTo("2001:db8::25");
        assertThat(chain.previousHopIp()).isEqualTo("192.0.2.44");
        assertThat(ReceivedChain.connectingIp("from [192.168.1.23] (unknown [198.51.100.4]) by mx1.example.com"))
                .isEqualTo("198.51.100.4");
        assertThat(ReceivedChain.isPublic("999.1.1.1")).isFalse();
        assertThat(ReceivedChain.isPublic("100.64.1.1")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Tue, 3 Nov 2026 10:15:00 +0100 (CET)|2026-11-03T09:15:00Z",
            "Mon, 23 Nov 2026 11:59:50 +0000|2026-11-23T11:59:50Z",
            "23 Nov 2026 11:59 -0500|2026-11-23T16:59:00Z",
            "Mon, 23 Nov 2026 11:59:50 GMT|2026-11-23T11:59:50Z",
            "  Mon, 02 Nov 2026 08:00:00 +0530  |2026-11-02T02:30:00Z",
            "Fri, 23 Nov 2026 11:59:50 +0000|2026-11-23T11:59:50Z", // a wrong weekday: java.time refuses it
            "Mon, 23 Nov 2026 11:59:50 UT|2026-11-23T11:59:50Z", // an obsolete zone name
            "Mon, 23 Nov 26 11:59:50 +0000|2026-11-23T11:59:50Z", // obs-year: two digits below 50 are 20xx
            "23 Nov 99 11:59 -0000|1999-11-23T11:59:00Z", // ... and from 50 up 19xx
            "yesterday|",
    })
    void dates_read_as_the_lenient_parser_reads_them(String text, String expected) {
        Instant instant = expected == null ? null : Instant.parse(expected);
        assertThat(MailDate.parse(text)).isEqualTo(instant);
        assertThat(MailDate.lenient(text.strip())).isEqualTo(instant);
    }

    @Test
    void links_are_found_where_a_url_starts_a_word_in_any_case() throws Exception {
        ParsedMessage m = parse("From: a@b.example\nSubject: links\nContent-Type: text/html; charset=utf-8\n\n"
                + "<a href=\"HTTPS://Login.Upper.example/x\">(http://paren.example)</a> xhttp://glued.example"
                + " _http://underscore.example ühttp://after-umlaut.example http://nodot https://user:pw@auth.example/"
                + " http https:// http://a.b.example.http://c.example\nhttp://end.example");
        assertThat(m.linkDomains()).containsExactlyInAnyOrder("login.upper.example", "paren.example", "auth.example",
                "a.b.example.http", "end.example");
    }

    @Test
    void malformed_mail_imports_with_what_can_be_read() throws Exception {
        ParsedMessage truncated = parse("From: a@b.example\nSubject: cut\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\n"
                + "Content-Type: text/plain\n\nhttps://half.example/x and then the file ends");
        assertThat(truncated.subject()).isEqualTo("cut");
        assertThat(truncated.linkDomains()).contains("half.example");

        ParsedMessage badEncodings = parse("From: a@b.example\nSubject: =?x-unknown?B?!!!?=\nContent-Type: text/plain; charset=x-bogus\n"
                + "Content-Transfer-Encoding: base64\n\n@@@not base64@@@\n");
        assertThat(badEncodings.from().address()).isEqualTo("a@b.example");

        ParsedMessage headersOnly = parse("Subject: only a subject\n");
        assertThat(headersOnly.from()).isNull();
        assertThat(headersOnly.messageId()).isNull();
        assertThat(headersOnly.receivedAt()).isNull();

        ParsedMessage brokenAddresses = parse("From: <<<>>>\nTo: ,,;@\nDate: yesterday\nSubject: x\n\n");
        assertThat(brokenAddresses.to()).isEmpty();
        assertThat(brokenAddresses.sentAt()).isNull();
    }

    @Test
    void what_is_not_mail_is_rejected_with_a_reason() {
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3})))
                .isInstanceOf(MailParseException.class).hasMessageContaining("not an email message");
        assertThatThrownBy(() -> parse("")).isInstanceOf(MailParseException.class);
        String hugeHeader = "From: a@b.example\nX-Huge: " + "x".repeat(1_100_000) + "\nSubject: s\n\nbody\n";
        assertThatThrownBy(() -> parse(hugeHeader)).isInstanceOf(MailParseException.class).hasMessageContaining("unreadable");
    }
}
