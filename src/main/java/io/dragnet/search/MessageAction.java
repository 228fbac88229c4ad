package io.dragnet.search;

import io.dragnet.json.WireEnum;

/** Kinds of operation recorded in a message's action log, as {@code message_action} names them. */
public enum MessageAction implements WireEnum {
    PREVIEW,
    QUARANTINE_RELEASED,
    MOVED;

    @Override
    public String wire() {
        return name();
    }
}
