package io.dragnet;

import io.dragnet.api.ApiConfig;
import io.dragnet.api.ApiServer;
import io.dragnet.auth.AccountStore;
import io.dragnet.auth.Authenticator;
import io.dragnet.auth.TokenStore;
import io.dragnet.auth.UserStore;
import io.dragnet.engine.Engine;
import io.dragnet.engine.EngineConfig;
import io.dragnet.index.MessageIndex;
import io.dragnet.job.JobRepository;
import io.dragnet.job.JobService;
import io.dragnet.mailbox.Connectors;
import io.dragnet.store.Database;
import io.dragnet.store.DatabaseConfig;

import java.time.Clock;

/** The running service: the one place that wires the parts together. {@code serve} and the tests both start it. */
public final class Dragnet implements AutoCloseable {
    private final Database database;
    private final ApiServer api;
    private final Engine engine;

    private Dragnet(Database database, ApiServer api, Engine engine) {
        this.database = database;
        this.api = api;
        this.engine = engine;
    }

    /** The API alone: jobs wait for an engine on another node. */
    public static Dragnet start(DatabaseConfig store, ApiConfig apiConfig, Clock clock) {
        return start(store, apiConfig, EngineConfig.NONE, Connectors.none(), clock);
    }

    public static Dragnet start(DatabaseConfig store, ApiConfig apiConfig, EngineConfig engineConfig, Connectors connectors,
                                Clock clock) {
        Database database = Database.open(store);
        Engine engine = null;
        try {
            engine = Engine.start(database, engineConfig, connectors, clock);
            Authenticator authenticator = new Authenticator(new TokenStore(database), new UserStore(database), clock);
            JobService jobs = new JobService(new JobRepository(database), clock, engine == null ? () -> { } : engine::wake);
            ApiServer api = new ApiServer(apiConfig, jobs, new MessageIndex(database), authenticator, clock).start();
            return new Dragnet(database, api, engine);
        } catch (RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            database.close();
            throw e;
        }
    }

    public String baseUrl() {
        return api.baseUrl();
    }

    public Database database() {
        return database;
    }

    public AccountStore accounts() {
        return new AccountStore(database);
    }

    public TokenStore tokens() {
        return new TokenStore(database);
    }

    public UserStore users() {
        return new UserStore(database);
    }

    /** Stops taking requests and lets those in flight finish, lets the engine record the batches in hand, then closes the store. */
    @Override
    public void close() {
        try {
            api.close();
            if (engine != null) {
                engine.close();
            }
        } finally {
            database.close();
        }
    }
}
