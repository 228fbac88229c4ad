package io.dragnet.api;

import io.dragnet.store.Vendor;

class BulkApiErrorsH2Test extends BulkApiErrorsContract {
    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }
}
