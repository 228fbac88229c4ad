package io.dragnet.api;

import io.dragnet.store.Vendor;

class BulkApiPostgresTest extends BulkApiContract {
    @Override
    Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
