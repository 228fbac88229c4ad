package io.dragnet.index;

import io.dragnet.store.Vendor;

class SearchH2Test extends SearchContract {
    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }
}
