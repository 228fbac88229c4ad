package io.dragnet.job;

import io.dragnet.json.WireEnum;

/** The state of one (message, recipient) row of a job. */
public enum MessageStatus implements WireEnum {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED,
    CANCELLED,
    SKIPPED;

    @Override
    public String wire() {
        return name();
    }
}
