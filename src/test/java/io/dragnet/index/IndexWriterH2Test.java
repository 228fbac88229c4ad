package io.dragnet.index;

import io.dragnet.store.Vendor;

class IndexWriterH2Test extends IndexWriterContract {
    @Override
    Vendor vendor() {
        return Vendor.H2;
    }
}
