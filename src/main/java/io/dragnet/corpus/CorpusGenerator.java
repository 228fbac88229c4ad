package io.dragnet.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes a deterministic tree of Dovecot Maildirs full of realistic mail, and returns the truth
 * of what it wrote. See {@link CorpusSpec} for what can be asked for and {@link GeneratedMessage}
 * for what is recorded.
 */
public final class CorpusGenerator {
    private CorpusGenerator() {
    }

    /**
     * @param root an empty or missing directory; the tree is written under it
     * @throws IOException if {@code root} is not empty or a file cannot be written
     */
    public static Corpus write(Path root, CorpusSpec spec) throws IOException {
        Maildirs.requireEmpty(root);
        Population people = new Population(spec, new SplittableRandom(Shuffle.seedFor(spec.seed(), -2)));
        Maildirs.createLayout(root, people.mailboxes);
        List<Draft> drafts = new Planner(spec, people).plan();
        MessageWriter writer = new MessageWriter(root, spec.seed(), new Senders(spec.seed()));
        GeneratedMessage[] messages = new GeneratedMessage[drafts.size()];
        try {
            IntStream.range(0, drafts.size()).parallel().forEach(i -> messages[i] = writer.write(drafts.get(i)));
        } catch (UncheckedIOException e) {
            // A worker's exception may arrive wrapped once more by the fork/join pool.
            Throwable cause = e;
            while (cause instanceof UncheckedIOException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw e;
        }
        List<String> mailboxes = people.mailboxes.stream().map(Person::address).toList();
        return new Corpus(root, Arrays.asList(messages), mailboxes);
    }

    /** {@code CorpusGenerator ROOT MESSAGES [SEED [DOMAINS [MAILBOXES_PER_DOMAIN]]]}: writes a tree and prints the time taken. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: CorpusGenerator ROOT MESSAGES [SEED [DOMAINS [MAILBOXES_PER_DOMAIN]]]");
            System.exit(2);
        }
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        int domains = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int perDomain = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        CorpusSpec spec = new CorpusSpec(seed, domains, perDomain, Integer.parseInt(args[1]),
                Instant.parse("2025-06-01T12:00:00Z"));
        long start = System.nanoTime();
        Corpus corpus = write(Path.of(args[0]), spec);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%d messages, %d copies, %d mailboxes in %d ms%n", corpus.messages().size(),
                corpus.copies().size(), corpus.mailboxes().size(), millis);
    }
}
