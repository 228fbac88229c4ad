package io.dragnet.engine;

import io.dragnet.store.Vendor;

class DiscoveryH2Test extends DiscoveryContract {
    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }
}
