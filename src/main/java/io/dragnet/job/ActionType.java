package io.dragnet.job;

import io.dragnet.json.WireEnum;

public enum ActionType implements WireEnum {
    MOVE,
    RELEASE;

    @Override
    public String wire() {
        return name();
    }
}
