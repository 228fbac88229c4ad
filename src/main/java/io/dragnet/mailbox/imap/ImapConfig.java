package io.dragnet.mailbox.imap;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dragnet.mailbox.imap.ImapLogin.Secret;
import io.dragnet.mailbox.imap.ImapServer.FolderNames;
import io.dragnet.mailbox.imap.ImapServer.Security;
import io.dragnet.time.Durations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The IMAP connector's configuration: one server per mail domain, {@code *} for every other
 * domain. Read from a YAML file ({@code serve --imap-config}, documented in the README); every
 * mistake is reported with the file and the field, and secrets are read from environment
 * variables or files rather than written in it.
 */
public record ImapConfig(Map<String, ImapServer> domains) {
    public ImapConfig {
        domains = Map.copyOf(domains);
    }

    /** The server for a mailbox's domain, or null when neither it nor {@code *} is configured. */
    public ImapServer serverFor(String domain) {
        ImapServer server = domains.get(domain.toLowerCase(Locale.ROOT));
        return server != null ? server : domains.get("*");
    }

    /** Thrown for a configuration that cannot be used; the message names the file and the field. */
    public static final class InvalidConfigException extends IllegalArgumentException {
        InvalidConfigException(String message) {
            super(message);
        }
    }

    public static ImapConfig load(Path file, Map<String, String> environment) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (JacksonException e) {
            throw new InvalidConfigException(file + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidConfigException(file + ": cannot be read: " + e.getMessage());
        }
        return new Reader(file, environment).config(root);
    }

    /** Walks the YAML tree, knowing where it is, so that every error names its field. */
    private record Reader(Path file, Map<String, String> environment) {
        private static final Set<String> SERVER_FIELDS = Set.of("host", "port", "security", "check_certificates", "login",
                "username", "folders", "create_missing_folders", "use_move", "max_connections", "timeout");
        private static final Set<String> LOGIN_FIELDS = Set.of("method", "user", "password", "password_env", "password_file",
                "separator", "credentials_file");

        ImapConfig config(JsonNode root) {
            JsonNode domains = object(root, "", Set.of("domains")).get("domains");
            if (domains == null || !domains.isObject() || domains.isEmpty()) {
                throw error("domains", "list at least one mail domain (or \"*\") and its server");
            }
            Map<String, ImapServer> servers = new LinkedHashMap<>();
            domains.fields().forEachRemaining(e -> servers.put(e.getKey().toLowerCase(Locale.ROOT),
                    server(e.getValue(), "domains." + e.getKey())));
            return new ImapConfig(servers);
        }

        private ImapServer server(JsonNode node, String at) {
            object(node, at, SERVER_FIELDS);
            Security security = switch (text(node, at, "security", "tls").toLowerCase(Locale.ROOT)) {
                case "tls" -> Security.TLS;
                case "starttls" -> Security.STARTTLS;
                case "none" -> Security.NONE;
                default -> throw error(at + ".security", "must be tls, starttls or none");
            };
            int port = integer(node, at, "port", security == Security.TLS ? 993 : 143);
            int maxConnections = integer(node, at, "max_connections", 8);
            if (port < 1 || port > 65_535) {
                throw error(at + ".port", "must be 1 to 65535");
            }
            if (maxConnections < 1) {
                throw error(at + ".max_connections", "must be at least 1");
            }
            Duration timeout;
            try {
                timeout = Durations.parse(text(node, at, "timeout", "30s"));
            } catch (IllegalArgumentException e) {
                throw error(at + ".timeout", e.getMessage());
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw error(at + ".timeout", "must be longer than zero");
            }
            JsonNode folders = node.path("folders");
            String foldersAt = at + ".folders";
            if (!folders.isMissingNode()) {
                object(folders, foldersAt, Set.of("junk", "trash", "quarantine", "recoverable"));
            }
            FolderNames names = new FolderNames(text(folders, foldersAt, "junk", FolderNames.DEFAULT.junk()),
                    text(folders, foldersAt, "trash", FolderNames.DEFAULT.trash()),
                    text(folders, foldersAt, "quarantine", FolderNames.DEFAULT.quarantine()),
                    text(folders, foldersAt, "recoverable", FolderNames.DEFAULT.recoverable()));
            return new ImapServer(required(node, at, "host"), port, security, bool(node, at, "check_certificates", true),
                    login(node.get("login"), at + ".login"), text(node, at, "username", "{address}"), names,
                    bool(node, at, "create_missing_folders", true), bool(node, at, "use_move", true), maxConnections, timeout);
        }

        private ImapLogin login(JsonNode node, String at) {
            if (node == null) {
                throw error(at, "is required: method master, authorization or per_user");
            }
            object(node, at, LOGIN_FIELDS);
            return switch (required(node, at, "method")) {
                case "master" -> new ImapLogin.MasterUser(required(node, at, "user"), secret(node, at), text(node, at, "separator", "*"));
                case "authorization" -> new ImapLogin.AuthorizationIdentity(required(node, at, "user"), secret(node, at));
                case "per_user" -> new ImapLogin.PerUser(credentials(Path.of(required(node, at, "credentials_file")), at + ".credentials_file"));
                default -> throw error(at + ".method", "must be master, authorization or per_user");
            };
        }

        /** Exactly one of password_env (an environment variable), password_file, or password (in the file itself). */
        private Secret secret(JsonNode node, String at) {
            List<String> given = List.of("password_env", "password_file", "password").stream().filter(node::has).toList();
            if (given.size() != 1) {
                throw error(at, "give exactly one of password_env, password_file or password");
            }
            String value = required(node, at, given.get(0));
            return switch (given.get(0)) {
                case "password_env" -> {
                    String password = environment.get(value);
                    if (password == null || password.isEmpty()) {
                        throw error(at + ".password_env", "the environment variable " + value + " is not set");
                    }
                    yield new Secret(password, "environment variable " + value);
                }
                case "password_file" -> {
                    try {
                        yield new Secret(Files.readString(Path.of(value)).strip(), "file " + value);
                    } catch (IOException e) {
                        throw error(at + ".password_file", "cannot read " + value + ": " + e.getMessage());
                    }
                }
                default -> new Secret(value, "the configuration file");
            };
        }

        /** Lines of {@code user@domain:password}; blank lines and lines starting with # are ignored. */
        private Map<String, Secret> credentials(Path path, String at) {
            List<String> lines;
            try {
                lines = Files.readAllLines(path);
            } catch (IOException e) {
                throw error(at, "cannot read " + path + ": " + e.getMessage());
            }
            Map<String, Secret> passwords = new LinkedHashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw error(at, path + " line " + (i + 1) + " is not user@domain:password");
                }
                passwords.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        new Secret(line.substring(colon + 1), path + " line " + (i + 1)));
            }
            return passwords;
        }

        private JsonNode object(JsonNode node, String at, Set<String> fields) {
            if (node == null || !node.isObject()) {
                throw error(at.isEmpty() ? "(top level)" : at, "must be a mapping of fields");
            }
            node.fieldNames().forEachRemaining(name -> {
                if (!fields.contains(name)) {
                    throw error(join(at, name), "is not a field here; known fields: " + String.join(", ", fields.stream().sorted().toList()));
                }
            });
            return node;
        }

        private String required(JsonNode node, String at, String field) {
            String value = text(node, at, field, null);
            if (value == null || value.isBlank()) {
                throw error(join(at, field), "is required");
            }
            return value;
        }

        private String text(JsonNode node, String at, String field, String fallback) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isValueNode()) {
                throw error(join(at, field), "must be text");
            }
            return value.asText();
        }

        private int integer(JsonNode node, String at, String field, int fallback) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw error(join(at, field), "must be a whole number");
            }
            return value.intValue();
        }

        private boolean bool(JsonNode node, String at, String field, boolean fallback) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw error(join(at, field), "must be true or false");
            }
            return value.booleanValue();
        }

        private static String join(String at, String field) {
            return at.isEmpty() ? field : at + "." + field;
        }

        private InvalidConfigException error(String field, String problem) {
            return new InvalidConfigException(file + ": " + field + ": " + problem);
        }
    }
}
