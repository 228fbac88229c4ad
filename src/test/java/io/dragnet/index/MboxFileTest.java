package io.dragnet.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MboxFileTest {
    @TempDir
    Path dir;

    @Test
    void splits_on_from_lines_unquotes_and_records_offsets() throws Exception {
        String first = "From a@b Mon Nov 23 10:00:00 2026\nFrom: x@y.example\nSubject: one\n\n>From the top\n>>From deeper\n\n";
        String second = "From b@c Mon Nov 23 10:00:01 2026\nFrom: z@y.example\nSubject: two\n\nbody \u00e9\n";
        Path mbox = dir.resolve("box.mbox");
        Files.writeString(mbox, first + second, StandardCharsets.UTF_8);
        assertThat(MboxFile.looksLikeMbox(mbox)).isTrue();

        List<RawMail> mails = new ArrayList<>();
        new MboxFile(mbox).read(new MailSource.MailSink() {
            @Override
            public void accept(RawMail mail) {
                mails.add(mail);
            }

            @Override
            public void reject(String origin, String reason) {
                throw new AssertionError(reason);
            }
        });
        assertThat(mails).hasSize(2);
        assertThat(new String(mails.get(0).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("From: x@y.example\nSubject: one\n\nFrom the top\n>From deeper\n\n");
        assertThat(new String(mails.get(1).bytes(), StandardCharsets.UTF_8)).endsWith("body \u00e9\n");
        assertThat(mails.get(0).location().location()).isEqualTo("0");
        assertThat(mails.get(1).location().location()).isEqualTo(Integer.toString(first.getBytes(StandardCharsets.UTF_8).length));
    }
}
