package io.dragnet.cli;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * Stops a long-running command in order on SIGTERM or Ctrl-C: Dragnet closes first (the engine
 * records the batches in hand), then the JVM exits. A shutdown hook cannot promise that order,
 * because the embedded H2 closes its database in a hook of its own, which may run first.
 */
final class Shutdown {
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Shutdown() {
    }

    /** Runs {@code close} on the first SIGTERM or SIGINT, then exits as the JVM would have (128 + signal). */
    static Shutdown onSignal(Runnable close) {
        Shutdown shutdown = new Shutdown();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                try {
                    close.run();
                } finally {
                    // exit from here: were the waiting main thread released, it would exit 0 first
                    System.exit(128 + signal.getNumber());
                }
            });
        }
        return shutdown;
    }

    /** Blocks until the JVM exits on a signal. */
    void await() throws InterruptedException {
        stopped.await();
    }
}
