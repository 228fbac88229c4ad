package io.dragnet.cli;

import io.dragnet.Dragnet;
import io.dragnet.api.ApiConfig;
import io.dragnet.api.RateLimiter;
import io.dragnet.engine.EngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the API under /client/v4 until stopped (Ctrl-C or SIGTERM stop it cleanly).")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Mixin
    EngineOptions engine;

    @Option(names = "--demo", description = "Start on demo data made on the spot, in a new temporary folder: an account,"
            + " a write token and a generated Maildir tree with a phishing campaign, imported. Prints a curl to try."
            + " Ignores the store options and --mail-root.")
    boolean demo;

    @Option(names = "--host", defaultValue = "${env:DRAGNET_HOST:-127.0.0.1}",
            description = "Address to listen on (env DRAGNET_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:DRAGNET_PORT:-8787}",
            description = "Port to listen on; 0 picks a free one (env DRAGNET_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "${env:DRAGNET_RATE_LIMIT:-1200}",
            description = "Requests each credential may make per window (env DRAGNET_RATE_LIMIT; default ${DEFAULT-VALUE}).")
    long rateLimit;

    @Option(names = "--rate-limit-window", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:DRAGNET_RATE_LIMIT_WINDOW:-5m}",
            description = "The window of --rate-limit (env DRAGNET_RATE_LIMIT_WINDOW; default ${DEFAULT-VALUE}).")
    Duration rateWindow;

    @Override
    public Integer call() throws InterruptedException, IOException {
        ApiConfig api = new ApiConfig(host, port, new RateLimiter.Limit(rateLimit, rateWindow), ApiConfig.DEFAULT_MAX_BODY_BYTES);
        EngineConfig engineConfig = engine.config();
        if (!demo) {
            store.requireRoomBeside(engineConfig.workers());
        }
        Demo demoData = demo ? Demo.prepare(Clock.systemUTC()) : null;
        if (demoData != null) {
            engine.mailRoot = demoData.mailRoot();
        }
        Dragnet dragnet = Dragnet.start(demoData == null ? store.config() : demoData.store(), api, engineConfig,
                engine.connectors(), Clock.systemUTC());
        // SIGTERM and Ctrl-C: finish the requests in flight and the engine's batches, close the pool, exit
        Shutdown shutdown = Shutdown.onSignal(dragnet::close);
        spec.commandLine().getOut().println("Dragnet API listening on " + dragnet.baseUrl());
        if (demoData != null) {
            demoData.instructions(dragnet.baseUrl()).forEach(spec.commandLine().getOut()::println);
        }
        spec.commandLine().getOut().flush();
        shutdown.await();
        return 0;
    }
}
