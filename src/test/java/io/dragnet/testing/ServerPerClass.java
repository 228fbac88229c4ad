package io.dragnet.testing;

import io.dragnet.store.Vendor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One {@link TestServer} on a fresh database of the subclass's vendor, shared by the tests of a class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerPerClass {
    protected TestDatabase database;
    protected TestServer server;

    protected abstract Vendor vendor();

    @BeforeAll
    void startServer() {
        database = TestDatabase.of(vendor());
        server = TestServer.start(database);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
