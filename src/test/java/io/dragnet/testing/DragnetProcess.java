package io.dragnet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code dragnet} command running as its own JVM on the test classpath, as an operator would start it. */
public final class DragnetProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Dragnet API listening on (http://\\S+/client/v4)");

    private final Process process;
    private final BufferedReader out;
    private final Path stderr;

    private DragnetProcess(Process process, Path stderr) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderr = stderr;
    }

    /** Starts {@code dragnet ARGS…}; its standard error goes to {@code stderr}. */
    public static DragnetProcess start(Path stderr, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.dragnet.cli.Main"));
        command.addAll(List.of(args));
        return new DragnetProcess(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
    }

    public static DragnetProcess start(Path stderr, String... args) throws IOException {
        return start(stderr, List.of(), args);
    }

    /** The next line of standard output, failing with the process's standard error if none comes in time. */
    public String readLine() throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String read = line.get(120, TimeUnit.SECONDS);
            if (read == null) {
                throw new IllegalStateException("the process ended without printing a line; stderr: " + stderrText());
            }
            return read;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no line from the process: " + e + "; stderr: " + stderrText(), e);
        }
    }

    /** Reads the first line of {@code serve} and returns the base URL it announces. */
    public String baseUrl() throws IOException {
        String first = readLine();
        Matcher listening = LISTENING.matcher(first);
        if (!listening.matches()) {
            throw new IllegalStateException("unexpected first line: " + first + "; stderr: " + stderrText());
        }
        return listening.group(1);
    }

    public String stderrText() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    public Process process() {
        return process;
    }

    /** SIGSTOP: the process stops where it is, its connections left open, until {@link #resume()}. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + kill.exitValue());
        }
    }

    /** SIGKILL: no shutdown hook runs, as when a machine loses power. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
