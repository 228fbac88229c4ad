package io.dragnet.index;

import io.dragnet.store.Vendor;

class FirstImportPostgresTest extends FirstImportContract {
    @Override
    Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
