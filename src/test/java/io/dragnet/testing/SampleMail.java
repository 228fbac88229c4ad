package io.dragnet.testing;

/** Hand-written messages with known contents, for tests that need real mail. */
public final class SampleMail {
    private SampleMail() {
    }

    /** A phishing message as Postfix delivered it: internal and entry hops, SpamAssassin verdict, links, an attachment. */
    public static final String PHISH = """
            Return-Path: <bounce@evil.example>
            Delivered-To: alice@example.com
            Received: from localhost (localhost [127.0.0.1])
            \tby mx1.example.com (Postfix) with ESMTP id 4Njp3P0STMz2c02Q
            \tfor <alice@example.com>; Mon, 23 Nov 2026 12:00:05 +0000 (UTC)
            Received: from mail.evil.example (mail.evil.example [203.0.113.9])
            \tby mx1.example.com (Postfix) with ESMTPS id 4Njp3P0STMz2c02Q
            \tfor <alice@example.com>; Mon, 23 Nov 2026 12:00:05 +0000 (UTC)
            Received: from [198.51.100.7] by mail.evil.example; Mon, 23 Nov 2026 11:59:59 +0000
            Authentication-Results: mx1.example.com; spf=softfail smtp.mailfrom=evil.example; dkim=none; dmarc=fail header.from=evil.example
            X-Spam-Flag: YES
            X-Spam-Status: Yes, score=12.3 required=5.0 tests=URIBL_PHISH,FORGED_SENDER autolearn=no
            X-Dragnet-Threat: credential_harvester
            From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <CEO@Evil.Example>
            To: Alice <alice@example.com>, bob@example.com
            Cc: carol@example.org
            Reply-To: <payments@evil.example>
            Subject: =?UTF-8?B?UmVjaG51bmcgTcOkcnogw7xiZXJmw6RsbGln?=
            Date: Mon, 23 Nov 2026 11:59:50 +0000
            Message-ID: <abc123@evil.example>
            X-Originating-IP: [198.51.100.7]
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: multipart/alternative; boundary="b2"

            --b2
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Log in at https://login.micros0ft-support.example/x?y=3D1 now
            --b2
            Content-Type: text/html; charset=utf-8

            <a href="http://Track.Evil.Example:8080/p">x</a> <a href='https://user@cdn.files.example/a'>y</a>
            --b2--
            --b1
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename*=UTF-8''Rechnung_M%C3%A4rz.zip
            Content-Transfer-Encoding: base64

            UEsDBAoAAAAAAA==
            --b1--
            """;
}
