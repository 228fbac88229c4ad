package io.dragnet.api;

import io.dragnet.store.Vendor;

class BulkApiH2Test extends BulkApiContract {
    @Override
    Vendor vendor() {
        return Vendor.H2;
    }
}
