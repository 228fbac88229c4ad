package io.dragnet.store;

class DeferredIndexesPostgresTest extends DeferredIndexesContract {
    @Override
    Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
