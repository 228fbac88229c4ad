package io.dragnet.testing;

import io.dragnet.store.DatabaseConfig;
import io.dragnet.store.Vendor;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty database for one test class: a private in-memory H2 database, or a private
 * schema in the PostgreSQL named by {@code DRAGNET_TEST_POSTGRES_URL}.
 *
 * <p>Without a reachable PostgreSQL the PostgreSQL tests are skipped, unless
 * {@code DRAGNET_REQUIRE_POSTGRES=true} (set by scripts/test and so by CI), where they fail.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String POSTGRES_URL_VARIABLE = "DRAGNET_TEST_POSTGRES_URL";
    private static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final DatabaseConfig config;
    private final String postgresSchema;

    private TestDatabase(DatabaseConfig config, String postgresSchema) {
        this.config = config;
        this.postgresSchema = postgresSchema;
    }

    public static TestDatabase of(Vendor vendor) {
        return switch (vendor) {
            case H2 -> new TestDatabase(new DatabaseConfig(
                    "jdbc:h2:mem:dragnet-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 8), null);
            case POSTGRESQL -> postgres();
        };
    }

    private static TestDatabase postgres() {
        String url = postgresUrl();
        String schema = "dragnet_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + url + " (" + e.getMessage() + "). Start it (scripts/test does)"
                    + " or point " + POSTGRES_URL_VARIABLE + " at one to run the PostgreSQL tests.";
            if (Boolean.parseBoolean(System.getenv("DRAGNET_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.abort(message);
        }
        String separator = url.contains("?") ? "&" : "?";
        return new TestDatabase(new DatabaseConfig(url + separator + "currentSchema=" + schema, null, null, 8), schema);
    }

    private static String postgresUrl() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        return url == null || url.isBlank() ? DEFAULT_POSTGRES_URL : url;
    }

    public DatabaseConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (postgresSchema != null) {
            try (Connection connection = DriverManager.getConnection(postgresUrl());
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + postgresSchema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop test schema " + postgresSchema, e);
            }
        }
    }
}
