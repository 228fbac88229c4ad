package io.dragnet.index;

import io.dragnet.store.Vendor;

class IndexMigrationPostgresTest extends IndexMigrationContract {
    @Override
    Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
