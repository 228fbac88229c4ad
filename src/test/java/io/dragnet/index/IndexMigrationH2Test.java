package io.dragnet.index;

import io.dragnet.store.Vendor;

class IndexMigrationH2Test extends IndexMigrationContract {
    @Override
    Vendor vendor() {
        return Vendor.H2;
    }
}
