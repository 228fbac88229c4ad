package io.dragnet.engine;

import io.dragnet.store.Vendor;

class DiscoveryPostgresTest extends DiscoveryContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
