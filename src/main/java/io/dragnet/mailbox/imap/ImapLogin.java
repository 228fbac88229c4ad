package io.dragnet.mailbox.imap;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** How Dragnet logs in to act in a user's mailbox. Passwords never appear in {@code toString()}. */
public sealed interface ImapLogin {

    /**
     * What to log in with to act in a mailbox, or empty when this login has no password for it.
     *
     * @param mailboxUser the mailbox's user as the server knows it
     * @param address     the mailbox's address, which keys the credentials file
     */
    Optional<Credentials> credentials(String mailboxUser, String address);

    /** A login: user and password, and for SASL PLAIN the identity to act as. */
    record Credentials(String user, String password, String authorizationId) {
        @Override
        public String toString() {
            return "Credentials[" + user + (authorizationId == null ? "" : " as " + authorizationId) + "]";
        }
    }

    /**
     * Dovecot's master user: logs in as {@code <mailbox user><separator><master user>} with the
     * master password (Dovecot's {@code auth_master_user_separator}, {@code *} by default).
     */
    record MasterUser(String user, Secret password, String separator) implements ImapLogin {
        public MasterUser {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(separator, "separator");
        }

        @Override
        public Optional<Credentials> credentials(String mailboxUser, String address) {
            return Optional.of(new Credentials(mailboxUser + separator + user, password.value(), null));
        }
    }

    /** SASL PLAIN as an administrator, with the mailbox user as the authorization identity (RFC 4616). */
    record AuthorizationIdentity(String user, Secret password) implements ImapLogin {
        public AuthorizationIdentity {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public Optional<Credentials> credentials(String mailboxUser, String address) {
            return Optional.of(new Credentials(user, password.value(), mailboxUser));
        }
    }

    /** Each mailbox user's own password, from a credentials file. */
    record PerUser(Map<String, Secret> passwords) implements ImapLogin {
        public PerUser {
            passwords = Map.copyOf(passwords);
        }

        @Override
        public Optional<Credentials> credentials(String mailboxUser, String address) {
            return Optional.ofNullable(passwords.get(address.toLowerCase(Locale.ROOT)))
                    .map(secret -> new Credentials(mailboxUser, secret.value(), null));
        }

        @Override
        public String toString() {
            return "PerUser[" + passwords.size() + " users]";
        }
    }

    /** A password, and where it came from for messages that must not show it. */
    record Secret(String value, String source) {
        public Secret {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String toString() {
            return "Secret[from " + source + "]";
        }
    }
}
