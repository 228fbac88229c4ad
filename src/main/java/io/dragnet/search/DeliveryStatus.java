package io.dragnet.search;

import io.dragnet.json.WireEnum;

/** Where one recipient's copy of a message stands. */
public enum DeliveryStatus implements WireEnum {
    DELIVERED("delivered"),
    MOVED("moved"),
    QUARANTINED("quarantined"),
    REJECTED("rejected"),
    DEFERRED("deferred"),
    BOUNCED("bounced"),
    QUEUED("queued"),
    MOVE_FAILED("move_failed");

    private final String wire;

    DeliveryStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
