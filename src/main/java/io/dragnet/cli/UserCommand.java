package io.dragnet.cli;

import io.dragnet.auth.User;
import io.dragnet.auth.UserStore;
import io.dragnet.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.List;

@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage users of the legacy X-Auth-Email + X-Auth-Key scheme.",
        subcommands = UserCommand.Create.class)
final class UserCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a user (or add accounts to one) and print a new global API key, which replaces any earlier one.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;
        @Option(names = "--email", required = true, description = "The user's email address: the X-Auth-Email value.")
        String email;
        @Option(names = "--account", required = true, paramLabel = "ID",
                description = "An account the key reaches with write permission; repeat for several.")
        List<String> accounts;

        @Override
        public void run() {
            try (Database database = store.open()) {
                User.Issued issued = new UserStore(database).create(email, accounts, Clock.systemUTC().instant());
                spec.commandLine().getOut().println(issued.globalKey());
            }
        }
    }
}
