package io.dragnet.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the store lives. {@code username}/{@code password} may be null when the URL or the
 * server's trust rules carry them.
 */
public record DatabaseConfig(String jdbcUrl, String username, String password, int maxPoolSize) {
    /**
     * The smallest pool a store opens with: Flyway holds a second connection while it migrates,
     * and with one the open waited out the pool's ten seconds and failed.
     */
    public static final int FEWEST_CONNECTIONS = 2;
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Vendor.of(jdbcUrl);
        if (maxPoolSize < FEWEST_CONNECTIONS || maxPoolSize > 500) {
            throw new IllegalArgumentException("maxPoolSize must be between " + FEWEST_CONNECTIONS + " and 500, not " + maxPoolSize);
        }
    }

    /**
     * The embedded default: an H2 file in {@code dataDir}. AUTO_SERVER lets a second process
     * (a {@code dragnet token create} while {@code dragnet serve} runs) open the same file: the
     * first process serves it to the others over a loopback-only TCP port that H2 picks.
     */
    public static DatabaseConfig embedded(Path dataDir, int maxPoolSize) {
        String file = dataDir.toAbsolutePath().normalize().resolve("dragnet").toString();
        return new DatabaseConfig("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE", null, null, maxPoolSize);
    }

    public Vendor vendor() {
        return Vendor.of(jdbcUrl);
    }

    /** The URL without any password in it, for logs and error messages. */
    public static String redact(String jdbcUrl) {
        return PASSWORD_IN_URL.matcher(jdbcUrl).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + redact(jdbcUrl) + ", user=" + username + ", pool=" + maxPoolSize + "]";
    }
}
