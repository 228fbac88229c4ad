package io.dragnet.engine;

import io.dragnet.store.Vendor;

class EngineFailureH2Test extends EngineFailureContract {
    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }
}
