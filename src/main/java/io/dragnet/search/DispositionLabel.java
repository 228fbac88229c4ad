package io.dragnet.search;

import io.dragnet.json.WireEnum;

/** The verdict on a message. The first six are "detections" ({@code detections_only}). */
public enum DispositionLabel implements WireEnum {
    MALICIOUS("MALICIOUS", true),
    MALICIOUS_BEC("MALICIOUS-BEC", true),
    SUSPICIOUS("SUSPICIOUS", true),
    SPOOF("SPOOF", true),
    SPAM("SPAM", true),
    BULK("BULK", true),
    ENCRYPTED("ENCRYPTED", false),
    EXTERNAL("EXTERNAL", false),
    UNKNOWN("UNKNOWN", false),
    NONE("NONE", false);

    private final String wire;
    private final boolean detection;

    DispositionLabel(String wire, boolean detection) {
        this.wire = wire;
        this.detection = detection;
    }

    @Override
    public String wire() {
        return wire;
    }

    public boolean isDetection() {
        return detection;
    }
}
