package io.dragnet.engine;

import io.dragnet.store.Vendor;

class EnginePostgresTest extends EngineContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
