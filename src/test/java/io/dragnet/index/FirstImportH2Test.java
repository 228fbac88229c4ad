package io.dragnet.index;

import io.dragnet.store.Vendor;

class FirstImportH2Test extends FirstImportContract {
    @Override
    Vendor vendor() {
        return Vendor.H2;
    }
}
