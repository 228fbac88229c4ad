package io.dragnet.job;

import io.dragnet.json.WireEnum;

import java.util.EnumSet;
import java.util.Set;

/** PENDING → DISCOVERING → PROCESSING → COMPLETED | FAILED | CANCELLED. */
public enum JobStatus implements WireEnum {
    PENDING,
    DISCOVERING,
    PROCESSING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public static final Set<JobStatus> TERMINAL = EnumSet.of(COMPLETED, FAILED, CANCELLED);
    public static final Set<JobStatus> ACTIVE = EnumSet.complementOf(EnumSet.copyOf(TERMINAL));

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    @Override
    public String wire() {
        return name();
    }
}
