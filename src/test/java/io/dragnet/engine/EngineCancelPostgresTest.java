package io.dragnet.engine;

import io.dragnet.store.Vendor;

class EngineCancelPostgresTest extends EngineCancelContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
