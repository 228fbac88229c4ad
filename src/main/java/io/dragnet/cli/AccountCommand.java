package io.dragnet.cli;

import io.dragnet.auth.Account;
import io.dragnet.auth.AccountStore;
import io.dragnet.auth.Secrets;
import io.dragnet.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Clock;

@Command(name = "account", mixinStandardHelpOptions = true, description = "Manage accounts (tenants).",
        subcommands = {AccountCommand.Create.class, AccountCommand.ListAccounts.class})
final class AccountCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an account and print its id.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;
        @Option(names = "--name", required = true, description = "A name people recognise.")
        String name;
        @Option(names = "--id", description = "The id to use (1-32 letters, digits, '-' or '_'); default: 32 random hex digits.")
        String id;

        @Override
        public void run() {
            try (Database database = store.open()) {
                Account account = new AccountStore(database).create(id == null ? Secrets.newAccountId() : id, name,
                        Clock.systemUTC().instant());
                spec.commandLine().getOut().println(account.id());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts: id, created, name.")
    static final class ListAccounts implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;

        @Override
        public void run() {
            try (Database database = store.open()) {
                for (Account account : new AccountStore(database).list()) {
                    spec.commandLine().getOut().printf("%-32s  %s  %s%n", account.id(), account.createdAt(), account.name());
                }
            }
        }
    }
}
