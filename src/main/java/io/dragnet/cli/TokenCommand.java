package io.dragnet.cli;

import io.dragnet.auth.ApiToken;
import io.dragnet.auth.Permission;
import io.dragnet.auth.TokenStore;
import io.dragnet.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API token and print it. It is shown this once: only its hash is kept.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;
        @Option(names = "--account", required = true, paramLabel = "ID",
                description = "An account the token reaches; repeat for several.")
        List<String> accounts;
        @Option(names = "--permission", required = true, description = "read or write.")
        Permission permission;
        @Option(names = "--name", defaultValue = "api-token", description = "Shown in job action logs (default ${DEFAULT-VALUE}).")
        String name;
        @Option(names = "--expires-in", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Make the token stop working after this long, e.g. 90d.")
        Duration expiresIn;

        @Override
        public void run() {
            Instant now = Clock.systemUTC().instant();
            try (Database database = store.open()) {
                ApiToken.Issued issued = new TokenStore(database)
                        .create(name, permission, accounts, expiresIn == null ? null : now.plus(expiresIn), now);
                spec.commandLine().getOut().println(issued.secret());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List tokens: id, state, permission, name, accounts. Secrets are never shown.")
    static final class ListTokens implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;

        @Override
        public void run() {
            Instant now = Clock.systemUTC().instant();
            try (Database database = store.open()) {
                for (ApiToken token : new TokenStore(database).list()) {
                    String state = token.revokedAt() != null ? "revoked"
                            : !token.isActive(now) ? "expired"
                            : token.expiresAt() == null ? "active" : "active until " + token.expiresAt();
                    spec.commandLine().getOut().printf("%s  %-7s  %-5s  %s  %s%n", token.id(), state,
                            token.permission().name().toLowerCase(), token.name(), String.join(",", token.accountIds()));
                }
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token at once, on every node.")
    static final class Revoke implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;
        @Parameters(paramLabel = "TOKEN_ID", description = "The id 'token list' shows.")
        String id;

        @Override
        public void run() {
            try (Database database = store.open()) {
                if (!new TokenStore(database).revoke(id, Clock.systemUTC().instant())) {
                    throw new IllegalArgumentException("No active token with id " + id + ".");
                }
                spec.commandLine().getOut().println("revoked " + id);
            }
        }
    }
}
