package io.dragnet.cli;

import io.dragnet.store.LoadInProgressException;
import io.dragnet.store.StoreUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dragnet} command. */
@Command(name = "dragnet",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Finds every copy of bad email in your mailboxes and moves it out, in bulk.",
        subcommands = {ServeCommand.class, WorkerCommand.class, AccountCommand.class, TokenCommand.class, UserCommand.class, ImportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run commands through this, as a user would. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::reportFailure);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Failures an operator can fix (a bad value, an unreachable database) print one line; anything
     * else prints its stack trace, because then it is a bug to report.
     */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (e instanceof IllegalArgumentException || e instanceof StoreUnavailableException || e instanceof LoadInProgressException) {
            commandLine.getErr().println("dragnet: " + e.getMessage());
            return 1;
        }
        e.printStackTrace(commandLine.getErr());
        return 70;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dragnet " + (version == null ? "(development build)" : version)};
        }
    }
}
