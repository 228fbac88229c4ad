package io.dragnet.index;

import java.nio.file.Path;

/** A single message in a file of its own (.eml, or any file that is not an mbox). */
public record EmlFile(Path file) implements MailSource {
    @Override
    public void read(MailSink sink) {
        Path absolute = file.toAbsolutePath().normalize();
        sink.accept(RawMail.ofFile(absolute, new CopyLocation(CopyLocation.Store.EML, absolute.toString(), "", "0"), null, null));
    }
}
