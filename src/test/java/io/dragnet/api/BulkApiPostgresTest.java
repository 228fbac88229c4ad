package io.dragnet.api;

import io.dragnet.store.Vendor;

class BulkApiPostgresTest extends BulkApiContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
