package io.dragnet.engine;

import io.dragnet.store.Vendor;

class EngineCancelH2Test extends EngineCancelContract {
    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }
}
