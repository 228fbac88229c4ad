package io.dragnet.job;

/** The optional filters of the job list; null means "any". */
public record JobFilter(ActionType actionType, JobStatus status) {
    public static final JobFilter ANY = new JobFilter(null, null);
}
