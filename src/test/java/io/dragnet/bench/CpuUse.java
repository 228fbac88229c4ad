package io.dragnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CPU time the machine's processes used, by who used it (this JVM, PostgreSQL, Dovecot, the
 * rest), from Linux's {@code /proc}: a benchmark takes one before and one after what it times,
 * and says where the cores went. A process that ended is counted in its parent's children's
 * times once it was waited for, which is how Dovecot's and PostgreSQL's short-lived processes
 * (a login, a backend) are counted without being seen alive.
 *
 * @param compilerThreads the CPU ticks of each of the JVM's JIT compiler threads, by thread id
 */
record CpuUse(Map<String, Long> ticksByOwner, long machineBusyTicks, Map<String, Long> compilerThreads) {
    /** Dovecot's processes by the name the kernel knows them by (it truncates names to 15 bytes). */
    private static final Set<String> DOVECOT = Set.of("dovecot", "imap", "imap-login", "auth", "anvil", "log", "config",
            "stats", "indexer", "indexer-worker", "dict", "doveadm");
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture Java runs on

    static CpuUse now() {
        Map<String, Long> ticks = new LinkedHashMap<>(Map.of("JVM", 0L, "PostgreSQL", 0L, "Dovecot", 0L));
        long self = ProcessHandle.current().pid();
        for (Path process : numbered(Path.of("/proc"))) {
            Optional<Stat> stat = Stat.of(process);
            if (stat.isEmpty()) {
                continue;
            }
            if (Long.parseLong(process.getFileName().toString()) == self) {
                ticks.merge("JVM", stat.get().own(), Long::sum);
                ticks.merge("Dovecot", stat.get().children(), Long::sum); // the benchmarks' only child processes are doveadm's
            } else if (stat.get().name().equals("postgres")) {
                ticks.merge("PostgreSQL", stat.get().own() + stat.get().children(), Long::sum);
            } else if (DOVECOT.contains(stat.get().name())) {
                ticks.merge("Dovecot", stat.get().own() + stat.get().children(), Long::sum);
            }
        }
        Map<String, Long> compilers = new LinkedHashMap<>();
        for (Path thread : numbered(Path.of("/proc/self/task"))) {
            // "C2 CompilerThre": a thread's name is cut to 15 bytes too
            Stat.of(thread).filter(s -> s.name().contains("CompilerThre"))
                    .ifPresent(s -> compilers.put(thread.getFileName().toString(), s.own()));
        }
        return new CpuUse(ticks, machineBusy(), compilers);
    }

    /** What was used between {@code before} and this, as seconds of one core per owner, and the rest of the machine. */
    String since(CpuUse before) {
        StringBuilder line = new StringBuilder();
        long owned = 0;
        for (Map.Entry<String, Long> owner : ticksByOwner.entrySet()) {
            long used = owner.getValue() - before.ticksByOwner.getOrDefault(owner.getKey(), 0L);
            owned += used;
            line.append(String.format("%s %.2f s, ", owner.getKey(), used / TICKS_PER_SECOND));
        }
        long busy = machineBusyTicks - before.machineBusyTicks;
        return line.append(String.format("other %.2f s (CPU seconds)", (busy - owned) / TICKS_PER_SECOND)).toString();
    }

    /** The CPU seconds the JVM's JIT compiler threads (C1 and C2) used between {@code before} and this. */
    double compilingSince(CpuUse before) {
        long used = 0;
        for (Map.Entry<String, Long> thread : compilerThreads.entrySet()) {
            used += thread.getValue() - before.compilerThreads.getOrDefault(thread.getKey(), 0L);
        }
        return used / TICKS_PER_SECOND;
    }

    /** A process's or thread's name and CPU ticks, from its {@code stat} file. */
    private record Stat(String name, long own, long children) {
        /** Empty when it ended between the listing and the read. */
        static Optional<Stat> of(Path dir) {
            String stat;
            try {
                stat = Files.readString(dir.resolve("stat"));
            } catch (IOException ended) {
                return Optional.empty();
            }
            // "pid (name) state ppid …": a name may hold spaces and parentheses, so fields count from the last ')'
            int nameEnd = stat.lastIndexOf(')');
            String[] fields = stat.substring(nameEnd + 2).split(" ");
            return Optional.of(new Stat(stat.substring(stat.indexOf('(') + 1, nameEnd),
                    Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[13]) + Long.parseLong(fields[14])));
        }
    }

    private static List<Path> numbered(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** user nice system idle iowait irq softirq steal: busy is all but idle and iowait. */
    private static long machineBusy() {
        try {
            List<String> cpu = List.of(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"));
            long busy = 0;
            for (int i = 1; i <= 8 && i < cpu.size(); i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(cpu.get(i));
            }
            return busy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat: " + e.getMessage(), e);
        }
    }
}
