package io.dragnet.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The durable store: a HikariCP pool, the schema migrated by Flyway on open, and a Jdbi over both.
 * One instance per process; the repositories share it.
 */
public final class Database implements AutoCloseable {
    private final DatabaseConfig config;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        registerUtcInstants(jdbi);
    }

    public static Database open(DatabaseConfig config) {
        HikariDataSource dataSource = connect(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + config.vendor().folder())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            dataSource.close();
            throw new StoreUnavailableException("Could not migrate the database schema at "
                    + DatabaseConfig.redact(config.jdbcUrl()) + ": " + e.getMessage(), e);
        }
        Database database = new Database(config, dataSource);
        try {
            // indexes a bulk load that died had dropped: searches need them before anything else runs
            DeferredIndexes.build(database.jdbi, database.dialect(), config.maxPoolSize(), Instant.now(), List.of());
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreUnavailableException("Could not build the indexes an interrupted import left to build, listed in"
                    + " deferred_indexes, at " + DatabaseConfig.redact(config.jdbcUrl()) + ": " + e.getMessage(), e);
        }
        return database;
    }

    private static HikariDataSource connect(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setPoolName("dragnet-" + config.vendor().name().toLowerCase());
        hikari.setConnectionTimeout(10_000);
        if (config.vendor() == Vendor.POSTGRESQL) {
            // one multi-row INSERT per batch instead of a round trip per row: import writes in batches
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            // searches bind every value; a generic plan cannot see that a Message-ID matches one row
            // and walks the whole account in date order instead, so plan each search for its values
            hikari.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan");
        } else {
            // engine transactions queue for a job's row while the others record; H2 gives up after 2 s by default
            hikari.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
        }
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new StoreUnavailableException("Could not connect to the database at "
                    + DatabaseConfig.redact(config.jdbcUrl()) + ": " + root.getMessage(), e);
        }
    }

    /** Every time column is TIMESTAMP WITH TIME ZONE, written and read as {@link SqlTime} says. */
    private static void registerUtcInstants(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, context) -> statement.setObject(position, SqlTime.utc(value));
            }
        });
        jdbi.registerColumnMapper(Instant.class, (resultSet, column, context) -> SqlTime.instant(resultSet, column));
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The most connections the pool holds. */
    public int maxConnections() {
        return config.maxPoolSize();
    }

    public Vendor vendor() {
        return config.vendor();
    }

    public Dialect dialect() {
        return Dialect.of(config.vendor());
    }

    /**
     * Refreshes planner statistics after a bulk load. Until autovacuum gets to a freshly filled
     * table, PostgreSQL plans as if it were nearly empty and answers a Message-ID search by walking
     * the whole account in date order (64 ms instead of 0.1 ms at 20,000 messages).
     */
    public void analyze(List<String> tables) {
        jdbi.useHandle(handle -> tables.forEach(table -> handle.execute(dialect().analyze(table))));
    }

    /** As {@link #analyze(List)}, for one table and only the columns its queries are planned by ({@link Dialect#analyze(String, List)}). */
    public void analyze(String table, List<String> columns) {
        jdbi.useHandle(handle -> handle.execute(dialect().analyze(table, columns)));
    }

    /**
     * Drops these indexes until the returned deferral is closed, for a bulk load that
     * {@linkplain DeferredIndexes#renew renews} it as it goes ({@link DeferredIndexes}); names the
     * schema does not have are skipped.
     *
     * @throws LoadInProgressException if another load holds any of them
     */
    public DeferredIndexes deferIndexes(List<String> names, Clock clock) {
        return DeferredIndexes.drop(jdbi, dialect(), config.maxPoolSize(), clock, names);
    }

    /**
     * For a writer that needs these indexes: refuses while a live load has them dropped.
     *
     * @throws LoadInProgressException naming the first such index
     */
    public void requireIndexes(List<String> names, Clock clock) {
        DeferredIndexes.refuseIfHeld(jdbi, names, clock.instant());
    }

    /** Ends a bulk load: what the database deferred while the rows arrived, then fresh statistics. */
    public void settle(List<String> tables) {
        jdbi.useHandle(handle -> tables.forEach(table -> {
            dialect().settle(table).forEach(sql -> handle.createQuery(sql).mapToMap().list());
            handle.execute(dialect().analyze(table));
        }));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
