package io.dragnet.store;

/** The databases Dragnet runs on. Everything else in the store is written once for both. */
public enum Vendor {
    H2("jdbc:h2:"),
    POSTGRESQL("jdbc:postgresql:");

    private final String urlPrefix;

    Vendor(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** The folder of this database's own migrations, beside db/migration/common. */
    public String folder() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Vendor of(String jdbcUrl) {
        for (Vendor vendor : values()) {
            if (jdbcUrl.startsWith(vendor.urlPrefix)) {
                return vendor;
            }
        }
        throw new IllegalArgumentException("Unsupported database URL '" + DatabaseConfig.redact(jdbcUrl)
                + "': use jdbc:h2:… (embedded) or jdbc:postgresql://host:port/database");
    }
}
