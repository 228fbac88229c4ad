package io.dragnet.cli;

import io.dragnet.store.Database;
import io.dragnet.store.DatabaseConfig;
import io.dragnet.store.Vendor;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the store is. Every command takes these, so all of them act on the store {@code serve} uses. */
final class StoreOptions {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:DRAGNET_DATA:-./dragnet-data}",
            description = "Folder of the embedded database (env DRAGNET_DATA; default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC_URL", defaultValue = "${env:DRAGNET_DB_URL}",
            description = "Use this database instead of the embedded one, e.g. jdbc:postgresql://127.0.0.1:5432/dragnet"
                    + " (env DRAGNET_DB_URL).")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:DRAGNET_DB_USER}",
            description = "Database user (env DRAGNET_DB_USER).")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:DRAGNET_DB_PASSWORD}",
            description = "Database password (env DRAGNET_DB_PASSWORD; prefer the variable: options show in 'ps').")
    String password;

    @Option(names = "--db-pool-size", paramLabel = "N", defaultValue = "${env:DRAGNET_DB_POOL_SIZE:-10}",
            description = "Most connections this process holds (env DRAGNET_DB_POOL_SIZE; default ${DEFAULT-VALUE}).")
    int poolSize;

    DatabaseConfig config() {
        if (poolSize < DatabaseConfig.FEWEST_CONNECTIONS) {
            throw new IllegalArgumentException("--db-pool-size " + poolSize + " is too small: opening the store takes "
                    + DatabaseConfig.FEWEST_CONNECTIONS + " connections (its schema migration holds a second one). Set"
                    + " --db-pool-size to at least " + DatabaseConfig.FEWEST_CONNECTIONS + ".");
        }
        if (url == null || url.isBlank()) {
            return DatabaseConfig.embedded(data, poolSize);
        }
        return new DatabaseConfig(url, user, password, poolSize);
    }

    Database open() {
        return Database.open(config());
    }

    /**
     * Refuses a pool the engine's workers would fill. On PostgreSQL each worker holds a connection
     * while it acts, its rows locked until it records them; the node's heartbeat and the API need
     * connections too, and with none left they would wait out the pool's timeout, and the node be
     * judged dead.
     */
    void requireRoomBeside(int workers) {
        if (workers > 0 && config().vendor() == Vendor.POSTGRESQL && poolSize <= workers) {
            throw new IllegalArgumentException("--db-pool-size " + poolSize + " leaves no connection beside --workers " + workers
                    + ": on PostgreSQL each worker holds one while it acts. Set --db-pool-size to at least " + (workers + 1)
                    + ", or run fewer workers.");
        }
    }
}
