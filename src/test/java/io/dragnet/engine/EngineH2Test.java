package io.dragnet.engine;

import io.dragnet.store.Vendor;

class EngineH2Test extends EngineContract {
    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }
}
