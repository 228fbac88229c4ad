package io.dragnet.api;

import io.dragnet.store.Vendor;

class BulkApiErrorsPostgresTest extends BulkApiErrorsContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
