package io.dragnet.engine;

import io.dragnet.store.Vendor;

class EngineDovecotPostgresTest extends EngineDovecotContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
