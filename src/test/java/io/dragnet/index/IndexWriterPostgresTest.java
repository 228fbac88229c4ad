package io.dragnet.index;

import io.dragnet.store.Vendor;

class IndexWriterPostgresTest extends IndexWriterContract {
    @Override
    Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
