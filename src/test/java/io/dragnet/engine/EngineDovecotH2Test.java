package io.dragnet.engine;

import io.dragnet.store.Vendor;

class EngineDovecotH2Test extends EngineDovecotContract {
    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }
}
