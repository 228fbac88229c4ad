package io.dragnet.api;

import io.dragnet.store.Vendor;

class BulkApiH2Test extends BulkApiContract {
    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }
}
