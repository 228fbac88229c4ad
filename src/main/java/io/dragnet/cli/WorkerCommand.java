package io.dragnet.cli;

import io.dragnet.engine.Engine;
import io.dragnet.engine.EngineConfig;
import io.dragnet.mailbox.Connectors;
import io.dragnet.store.Database;
import io.dragnet.store.Vendor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Process jobs without serving the API: run as many as you like beside serve on one PostgreSQL.",
                "SIGTERM stops claiming, finishes the batches in hand and exits."})
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws InterruptedException {
        EngineConfig config = engine.config();
        if (config.workers() == 0) {
            throw new IllegalArgumentException("--workers must be at least 1 for a worker node.");
        }
        store.requireRoomBeside(config.workers());
        Connectors connectors = engine.connectors();
        Database database = store.open();
        if (database.vendor() != Vendor.POSTGRESQL) {
            spec.commandLine().getErr().println("dragnet: note: the embedded store serves one machine; use --db with"
                    + " PostgreSQL to spread work over several.");
        }
        Engine running = Engine.start(database, config, connectors, Clock.systemUTC());
        Shutdown shutdown = Shutdown.onSignal(() -> {
            running.close();
            database.close();
        });
        spec.commandLine().getOut().println("Dragnet worker running with " + config.workers() + " workers");
        spec.commandLine().getOut().flush();
        shutdown.await();
        return 0;
    }
}
