package io.dragnet.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Indexes dropped for a bulk load and built again when it ends.
 *
 * <p>An index whose keys arrive in no order (a sender, a recipient, a Message-ID) takes each row
 * in a random page of its B-tree; building it from the finished table sorts the keys once. On H2,
 * whose MVStore writes every page that changed again at each save (copy-on-write), keeping up
 * fourteen such indexes cost an import of 100,000 messages about 24 s where building them took
 * 13; on PostgreSQL the trigram indexes' upkeep is the dearest part (bench/README.md).
 *
 * <p>Each definition is kept in {@code deferred_indexes} before its index is dropped, held for
 * {@link #HELD} and renewed while the load runs ({@link #renew}). {@link Database#open} builds the
 * definitions no load holds any longer, so a load that dies leaves its indexes to the next start,
 * while a start during a live load (a {@code serve}, another command) leaves them to the load:
 * building them then would lock the tables the load writes.
 *
 * <p>A unique index may be deferred too, by a load that needs it neither for lookups nor to be
 * stopped (Importer's first import). Then nobody else may write meanwhile: one load at a time holds
 * a definition, and writers that need a held index are refused ({@link #refuseIfHeld}).
 */
public final class DeferredIndexes implements AutoCloseable {
    /** Nothing deferred: the indexes stay and are kept up row by row. */
    public static final DeferredIndexes NONE = new DeferredIndexes(null, null, 0, null, List.of());
    /** How long a load holds its definitions without renewing them: far longer than a batch. */
    static final Duration HELD = Duration.ofMinutes(5);

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final int connections;
    private final Clock clock;
    /** The indexes this load dropped: filled as it drops them, and not changed afterwards. */
    private final List<String> names;
    private Instant renewed;

    private DeferredIndexes(Jdbi jdbi, Dialect dialect, int connections, Clock clock, List<String> names) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.connections = connections;
        this.clock = clock;
        this.names = names;
        this.renewed = clock == null ? null : clock.instant();
    }

    /**
     * Drops the named indexes of the current schema, keeping their definitions; names it does not
     * find are skipped. If a drop fails, the indexes dropped before it are built again.
     *
     * @throws LoadInProgressException if a live load holds any of them: one load at a time defers
     *     these indexes, and its writers count on no one else writing what the unique ones would refuse
     */
    static DeferredIndexes drop(Jdbi jdbi, Dialect dialect, int connections, Clock clock, List<String> names) {
        List<String> taken = new ArrayList<>();
        DeferredIndexes deferred = new DeferredIndexes(jdbi, dialect, connections, clock, taken);
        Instant now = deferred.renewed;
        try {
            refuseIfHeld(jdbi, names, now);
            jdbi.useHandle(handle -> {
                for (String name : names) {
                    if (take(jdbi, handle, dialect, name, now)) {
                        taken.add(name);
                        handle.execute("DROP INDEX IF EXISTS " + name);
                    }
                }
            });
        } catch (RuntimeException e) {
            try {
                deferred.close();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return deferred;
    }

    /**
     * Stores the index's definition as this load's, unless the schema has no such index. Another
     * load started at the same moment shows as the index missing, the catalog read failing on its
     * drop (H2: a ConcurrentModificationException; PostgreSQL: a cache lookup failure) or the
     * insert refused on the name: each then refuses this load if that one holds the name.
     *
     * @return whether the definition was stored, so the index is this load's to drop
     */
    private static boolean take(Jdbi jdbi, Handle handle, Dialect dialect, String name, Instant now) {
        String definition;
        try {
            definition = dialect.indexDefinition(handle, name);
            if (definition != null) {
                handle.useTransaction(tx -> {
                    tx.createUpdate("DELETE FROM deferred_indexes WHERE name = :name AND held_until <= :now")
                            .bind("name", name).bind("now", now).execute();
                    tx.createUpdate("INSERT INTO deferred_indexes (name, definition, held_until) VALUES (:name, :definition, :until)")
                            .bind("name", name).bind("definition", definition).bind("until", now.plus(HELD))
                            .execute();
                });
            }
        } catch (JdbiException e) {
            refuseIfHeld(jdbi, List.of(name), now);
            throw e;
        }
        if (definition == null) {
            refuseIfHeld(jdbi, List.of(name), now);
        }
        return definition != null;
    }

    /**
     * Refuses when a live load holds the definition of any of these indexes, dropped for it: a
     * writer that needs them (to look keys up, or to be stopped by a unique one) cannot run beside it.
     *
     * @throws LoadInProgressException naming the index and how long the load holds it at most
     */
    static void refuseIfHeld(Jdbi jdbi, List<String> names, Instant now) {
        if (names.isEmpty()) {
            return;
        }
        jdbi.withHandle(handle -> handle.createQuery("SELECT name, held_until FROM deferred_indexes"
                                + " WHERE name IN (<names>) AND held_until > :now ORDER BY name")
                        .bindList("names", names).bind("now", now)
                        .map((rs, ctx) -> new LoadInProgressException(rs.getString("name"),
                                rs.getObject("held_until", OffsetDateTime.class).toInstant()))
                        .findFirst())
                .ifPresent(held -> {
                    throw held;
                });
    }

    /**
     * Builds those of this load's indexes that are named, now, while the load goes on: the unique
     * ones, once a writer must look keys up in them. Their definitions are forgotten as they are
     * built, so that {@link #close} finds nothing more to do for them.
     */
    public void buildNow(List<String> wanted) {
        if (jdbi == null) {
            return;
        }
        List<String> own = names.stream().filter(wanted::contains).toList();
        if (!own.isEmpty()) {
            // on one connection: the load's other writers keep theirs
            build(jdbi, dialect, 1, Instant.EPOCH, own);
        }
    }

    /** Keeps this load's definitions from other starts a while longer; cheap to call often (it writes at most every tenth of {@link #HELD}). */
    public void renew() {
        if (jdbi == null || names.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        synchronized (this) {
            if (now.isBefore(renewed.plus(HELD.dividedBy(10)))) {
                return;
            }
            renewed = now;
        }
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE deferred_indexes SET held_until = :until WHERE name IN (<names>)")
                .bind("until", now.plus(HELD)).bindList("names", names).execute());
    }

    /**
     * Builds every index whose definition no load holds at {@code now}, and those named in
     * {@code own} (a load's own, whenever it ends), and forgets each definition once its index is built.
     *
     * <p>They are built on as many connections at once as the dialect says ({@link Dialect#indexBuilders}),
     * and no more than {@code connections}, the pool's (nothing else holds one while they are
     * built: a load has ended, a start has not begun), the slow ones first, so that the longest
     * build does not start last.
     *
     * <p>Several nodes may start at once with definitions left. Where DDL is transactional
     * (PostgreSQL), the definition is deleted and its index built in one transaction: the row's
     * lock makes every other builder wait and then find nothing to do, and a builder that dies
     * rolls both back. H2 commits before DDL, so there the index is built first and its
     * definition deleted after; a builder that finds the index begun by another (H2's IF NOT
     * EXISTS does not make them wait) leaves the definition to that one, which deletes it once
     * the index is built, or to the next start if it dies first.
     */
    static void build(Jdbi jdbi, Dialect dialect, int connections, Instant now, List<String> own) {
        List<Definition> due = jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT name, definition FROM deferred_indexes WHERE held_until <= :now"
                    + (own.isEmpty() ? "" : " OR name IN (<own>)") + " ORDER BY name").bind("now", now);
            if (!own.isEmpty()) {
                query.bindList("own", own);
            }
            return query.map((rs, ctx) -> new Definition(rs.getString("name"), rs.getString("definition"))).list();
        });
        if (due.isEmpty()) {
            return; // as at nearly every start
        }
        Queue<Definition> queue = due.stream() // a stable sort: by name within each kind
                .sorted(Comparator.comparing((Definition definition) -> !dialect.buildsSlowly(definition.sql())))
                .collect(Collectors.toCollection(ConcurrentLinkedQueue::new));
        List<RuntimeException> failures = new ArrayList<>();
        int builders = Math.min(Math.min(dialect.indexBuilders(), connections), queue.size());
        dialect.whileBuildingIndexes(jdbi, () -> failures.addAll(buildOnLanes(jdbi, dialect, builders, queue)));
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Builds what the queue holds on as many connections as the dialect builds on at once; the failures of all. */
    private static List<RuntimeException> buildOnLanes(Jdbi jdbi, Dialect dialect, int builders, Queue<Definition> queue) {
        if (builders <= 1) {
            return buildEach(jdbi, dialect, queue);
        }
        ExecutorService pool = Executors.newFixedThreadPool(builders, runnable -> {
            Thread thread = new Thread(runnable, "dragnet-index-builder");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<List<RuntimeException>>> lanes = new ArrayList<>();
            for (int i = 0; i < builders; i++) {
                lanes.add(pool.submit(() -> buildEach(jdbi, dialect, queue)));
            }
            List<RuntimeException> failures = new ArrayList<>();
            for (Future<List<RuntimeException>> lane : lanes) {
                failures.addAll(outcome(lane)); // every lane ends before this returns: none builds behind the caller's back
            }
            return failures;
        } finally {
            pool.shutdown();
        }
    }

    private record Definition(String name, String sql) {
    }

    /**
     * Takes definitions off the queue until it is empty, building each on this lane's connection.
     * A build that fails leaves its definition kept and the others go on: searches get every index
     * that can be built, and the failures are reported together once all are done.
     */
    private static List<RuntimeException> buildEach(Jdbi jdbi, Dialect dialect, Queue<Definition> due) {
        List<RuntimeException> failures = new ArrayList<>();
        jdbi.useHandle(handle -> {
            for (Definition definition = due.poll(); definition != null; definition = due.poll()) {
                try {
                    buildOne(handle, dialect, definition);
                } catch (RuntimeException e) {
                    failures.add(new IllegalStateException("building index " + definition.name() + " failed: " + e.getMessage(), e));
                }
            }
        });
        return failures;
    }

    private static List<RuntimeException> outcome(Future<List<RuntimeException>> lane) {
        try {
            return lane.get();
        } catch (ExecutionException e) {
            return List.of(e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("building deferred indexes failed: " + e.getCause(), e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deferred indexes were built", e);
        }
    }

    private static void buildOne(Handle handle, Dialect dialect, Definition definition) {
        String name = definition.name();
        if (dialect.transactionalDdl()) {
            handle.useTransaction(tx -> {
                if (forget(tx, name) == 1) {
                    tx.execute(definition.sql());
                }
            });
            return;
        }
        try {
            handle.execute(definition.sql());
        } catch (JdbiException e) {
            if (dialect.indexDefinition(handle, name) == null) {
                throw e;
            }
            return; // another builder's
        }
        forget(handle, name);
    }

    private static int forget(Handle handle, String name) {
        return handle.createUpdate("DELETE FROM deferred_indexes WHERE name = :name").bind("name", name).execute();
    }

    /** Builds the indexes this deferral dropped, and any a load that died left. */
    @Override
    public void close() {
        if (jdbi != null) {
            build(jdbi, dialect, connections, clock.instant(), names);
        }
    }
}
