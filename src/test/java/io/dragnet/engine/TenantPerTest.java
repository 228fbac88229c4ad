package io.dragnet.engine;

import io.dragnet.corpus.CorpusSpec;
import io.dragnet.mailbox.maildir.MaildirConnector;
import io.dragnet.testing.ServerPerClass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;

/** A shared server, and for each test a {@link Tenant} of its own with a freshly generated and imported tree. */
abstract class TenantPerTest extends ServerPerClass {
    @TempDir
    Path mail;
    Tenant tenant;
    private long seed;

    /** @param firstSeed the corpus seed of the first test; each later test gets the next, and so different mail */
    TenantPerTest(long firstSeed) {
        this.seed = firstSeed;
    }

    @BeforeEach
    void tenant() throws IOException {
        server.clock.set(server.clock.instant().truncatedTo(ChronoUnit.SECONDS));
        tenant = Tenant.create(server, mail.resolve("tree"), new CorpusSpec(seed++, 2, 4, 120, server.clock.instant()));
    }

    MaildirConnector maildir(MaildirConnector.FileOps files) {
        return new MaildirConnector(tenant.corpus.root(), MaildirConnector.Folders.DEFAULT, files);
    }
}
