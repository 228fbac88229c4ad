package io.dragnet.index;

import io.dragnet.store.Vendor;

class SearchPostgresTest extends SearchContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
