package io.dragnet.engine;

import io.dragnet.job.Counters;
import io.dragnet.job.Destination;
import io.dragnet.job.JobStatus;
import io.dragnet.mailbox.MailboxAction;

/** How a finished job reads to an analyst: its terminal status and a sentence that says what happened. */
record JobSummary(JobStatus status, String message) {

    /**
     * @param firstFailure the reason of the job's first failed row, or null when none failed
     */
    static JobSummary of(MailboxAction action, Counters counters, String firstFailure) {
        String done = action instanceof MailboxAction.Move move
                ? (move.destination() == Destination.RECOVERABLE_ITEMS_PURGES ? "purged" : "moved to " + move.destination().wire())
                : "released from quarantine";
        long actionable = counters.successful() + counters.failed();
        String skipped = counters.skipped() == 0 ? ""
                : " " + messages(counters.skipped()) + " skipped: phish submissions cannot be acted on.";
        if (counters.successful() == 0 && counters.failed() > 0) {
            return new JobSummary(JobStatus.FAILED, "No message could be " + done + ": all " + messages(counters.failed())
                    + " failed. The first failure: " + firstFailure + skipped);
        }
        if (actionable == 0) {
            return new JobSummary(JobStatus.COMPLETED, "Nothing to do:" + skipped);
        }
        if (counters.failed() == 0) {
            return new JobSummary(JobStatus.COMPLETED, capitalized(messages(counters.successful())) + " " + done + "." + skipped);
        }
        return new JobSummary(JobStatus.COMPLETED, counters.successful() + " of " + messages(actionable) + " " + done + "; "
                + counters.failed() + " failed (list them with status=FAILED). The first failure: " + firstFailure + skipped);
    }

    private static String messages(long n) {
        return n == 1 ? "1 message" : n + " messages";
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
