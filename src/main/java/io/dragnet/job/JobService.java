package io.dragnet.job;

import io.dragnet.store.PageRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The job lifecycle as the API sees it: create, read, cancel, delete. The engine drives the rest. */
public final class JobService {
    private final JobRepository jobs;
    private final Clock clock;
    private final Runnable onCreated;

    /** @param onCreated told after each new job is stored, so this node's engine starts on it without waiting to poll */
    public JobService(JobRepository jobs, Clock clock, Runnable onCreated) {
        this.jobs = jobs;
        this.clock = clock;
        this.onCreated = onCreated;
    }

    /** The moment a request is judged at, to the millisecond the wire format carries. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public BulkJob create(String accountId, JobRequest request, String requestedBy) {
        BulkJob job = new BulkJob(UUID.randomUUID(), accountId, request.action(), new StoredSearch.Readable(request.search()), JobStatus.PENDING,
                Counters.ZERO, now(), null, null, request.comment(), null, requestedBy);
        jobs.insert(job);
        onCreated.run();
        return job;
    }

    public Optional<BulkJob> get(String accountId, UUID id) {
        return jobs.find(accountId, id);
    }

    public List<BulkJob> list(String accountId, JobFilter filter, PageRequest page) {
        return jobs.list(accountId, filter, page);
    }

    public JobChange cancel(String accountId, UUID id) {
        return jobs.cancel(accountId, id, now());
    }

    public JobChange delete(String accountId, UUID id) {
        return jobs.delete(accountId, id);
    }

    /** A page of the job's rows; {@code status} null means all. */
    public List<JobMessage> messages(BulkJob job, MessageStatus status, PageRequest page) {
        return jobs.messages(job.accountId(), job.id(), status, page);
    }
}
