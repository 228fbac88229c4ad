package io.dragnet.job;

/** The outcome of asking a job to change state (cancel, delete). */
public sealed interface JobChange {
    /** The change happened; {@code job} is the job as it is now (as it was, for a delete). */
    record Done(BulkJob job) implements JobChange {
    }

    /** No such job in this account. */
    record NotFound() implements JobChange {
    }

    /** The job's status does not allow the change. */
    record NotAllowed(BulkJob job) implements JobChange {
    }
}
