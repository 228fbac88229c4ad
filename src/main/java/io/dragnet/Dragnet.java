package io.dragnet;

import io.dragnet.api.ApiConfig;
import io.dragnet.api.ApiServer;
import io.dragnet.auth.AccountStore;
import io.dragnet.auth.Authenticator;
import io.dragnet.auth.TokenStore;
import io.dragnet.auth.UserStore;
import io.dragnet.index.MessageIndex;
import io.dragnet.job.JobRepository;
import io.dragnet.job.JobService;
import io.dragnet.store.Database;
import io.dragnet.store.DatabaseConfig;

import java.time.Clock;

/** The running service: the one place that wires the parts together. {@code serve} and the tests both start it. */
public final class Dragnet implements AutoCloseable {
    private final Database database;
    private final ApiServer api;

    private Dragnet(Database database, ApiServer api) {
        this.database = database;
        this.api = api;
    }

    public static Dragnet start(DatabaseConfig store, ApiConfig apiConfig, Clock clock) {
        Database database = Database.open(store);
        try {
            Authenticator authenticator = new Authenticator(new TokenStore(database), new UserStore(database), clock);
            JobService jobs = new JobService(new JobRepository(database), clock);
            ApiServer api = new ApiServer(apiConfig, jobs, new MessageIndex(database), authenticator, clock).start();
            return new Dragnet(database, api);
        } catch (RuntimeException e) {
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

    /** Stops taking requests, lets those in flight finish, then closes the store. */
    @Override
    public void close() {
        try {
            api.close();
        } finally {
            database.close();
        }
    }
}
