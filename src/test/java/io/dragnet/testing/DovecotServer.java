package io.dragnet.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A private Dovecot for one test: its own configuration, directories and port, serving a
 * Dovecot-style Maildir tree ({@code ROOT/<domain>/<user>/}) as virtual users, with a master user
 * (Dovecot's {@code user*master} login, and SASL PLAIN authorization identities) and SPECIAL-USE
 * folders. The binaries come from Debian's {@code dovecot-imapd}, which {@code scripts/ensure-dovecot.sh}
 * installs; without them the test is skipped, unless {@code DRAGNET_REQUIRE_DOVECOT=true} (set by
 * scripts/test and so by CI), where it fails.
 */
public final class DovecotServer implements AutoCloseable {
    public static final String MASTER_USER = "dragnet";
    public static final String MASTER_PASSWORD = "master-secret";
    /** The folder Dovecot marks \Junk here: not "Junk", so that only SPECIAL-USE can find it. */
    public static final String JUNK = "Spam";

    private final Process process;
    private final Path directory;
    private final int port;
    // Dovecot outlives a JVM stopped by a signal (a benchmark interrupted with Ctrl-C) unless told to stop
    private final Thread stopOnExit;

    private DovecotServer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.stopOnExit = new Thread(process::destroy, "dovecot-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts Dovecot on a free port, serving {@code mailRoot}; the tree is handed to Dovecot's
     * own system user, as a mail server's files are.
     *
     * @param users passwords of users who may also log in as themselves
     */
    public static DovecotServer start(Path mailRoot, Path directory, Map<String, String> users) throws IOException, InterruptedException {
        requireDovecot();
        Files.createDirectories(directory.resolve("run"));
        Files.createDirectories(directory.resolve("state"));
        run("chown", "-R", "dovecot:dovecot", mailRoot.toString());
        letDovecotThrough(mailRoot);
        letDovecotThrough(directory.resolve("masters"));
        Files.writeString(directory.resolve("masters"), MASTER_USER + ":{PLAIN}" + MASTER_PASSWORD + "\n");
        Files.writeString(directory.resolve("users"), users.entrySet().stream()
                .map(e -> e.getKey() + ":{PLAIN}" + e.getValue() + "\n").collect(Collectors.joining()));
        int port = freePort();
        Path config = Files.writeString(directory.resolve("dovecot.conf"), configuration(mailRoot, directory, port));
        Process process = new ProcessBuilder("dovecot", "-F", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("dovecot.out").toFile()).start();
        DovecotServer server = new DovecotServer(process, directory, port);
        try {
            await("Dovecot listening on port " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Dovecot exited: " + server.log());
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static String configuration(Path mailRoot, Path directory, int port) {
        return """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                protocols = imap
                listen = 127.0.0.1
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                auth_master_user_separator = *
                first_valid_uid = 1
                default_internal_user = dovecot
                default_login_user = dovenull
                service imap-login {
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %3$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                passdb {
                  driver = passwd-file
                  args = %1$s/masters
                  master = yes
                }
                passdb {
                  driver = passwd-file
                  args = %1$s/users
                }
                userdb {
                  driver = static
                  args = uid=dovecot gid=dovecot home=%2$s/%%d/%%n allow_all_users=yes
                }
                mail_location = maildir:%2$s/%%d/%%n
                namespace inbox {
                  inbox = yes
                  separator = .
                  mailbox %4$s {
                    special_use = \\Junk
                    auto = create
                  }
                  mailbox Trash {
                    special_use = \\Trash
                  }
                }
                """.formatted(directory, mailRoot, port, JUNK);
    }

    public int port() {
        return port;
    }

    /** The login that acts in a user's mailbox as the master user. */
    public static String masterLogin(String address) {
        return address + "*" + MASTER_USER;
    }

    public String log() {
        try {
            Path log = directory.resolve("dovecot.log");
            Path out = directory.resolve("dovecot.out");
            return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(log) ? Files.readString(log) : "");
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or about to
        }
        process.destroy(); // SIGTERM: Dovecot's master stops its children and removes its pid file
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireDovecot() {
        boolean installed = Files.isExecutable(Path.of("/usr/sbin/dovecot")) || Files.isExecutable(Path.of("/usr/bin/dovecot"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!installed || !root) {
            String why = !installed ? "Dovecot is not installed (scripts/ensure-dovecot.sh installs it)"
                    : "a private Dovecot serving virtual users needs root to start";
            if (Boolean.parseBoolean(System.getenv("DRAGNET_REQUIRE_DOVECOT"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
    }

    /**
     * Dovecot's processes run as its own users, and JUnit's temporary directories are private to
     * root: lets others traverse the directories between the temporary directory and {@code path}.
     */
    private static void letDovecotThrough(Path path) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        for (Path dir = path.toAbsolutePath().getParent(); dir != null && dir.startsWith(tmp) && !dir.equals(tmp); dir = dir.getParent()) {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(dir, permissions);
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
