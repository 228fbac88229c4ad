package io.dragnet.index;

import java.io.OutputStream;

/** Where bytes go that only need to be read (hashed, counted). */
final class OutputSink extends OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    private OutputSink() {
    }

    @Override
    public void write(int b) {
    }

    @Override
    public void write(byte[] b, int off, int len) {
    }
}
