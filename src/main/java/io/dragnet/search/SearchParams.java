package io.dragnet.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dragnet.json.InputProblem;
import io.dragnet.json.InvalidInputException;

import java.time.Instant;
import java.util.Objects;

/**
 * A search of the message index, with every default already filled in, so that a stored job
 * always re-runs the same search however long it waits. Field meanings are the contract's
 * search table; absent filters are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchParams(
        Instant start,
        Instant end,
        String sender,
        String recipient,
        String domain,
        String subject,
        String exactSubject,
        String query,
        String messageId,
        String alertId,
        DispositionLabel finalDisposition,
        boolean detectionsOnly,
        DeliveryStatus deliveryStatus,
        MessageAction messageAction,
        String smtpHeloIp,
        String metric,
        boolean submissions,
        boolean actionLog) {

    public SearchParams {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.isAfter(end)) {
            throw new InvalidInputException(InputProblem.INVALID_COMBINATION, "/start",
                    "start (" + start + ") is after end (" + end + "); the window must run forward in time.");
        }
    }
}
