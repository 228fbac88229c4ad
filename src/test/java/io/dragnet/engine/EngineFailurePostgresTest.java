package io.dragnet.engine;

import io.dragnet.store.Vendor;

class EngineFailurePostgresTest extends EngineFailureContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
