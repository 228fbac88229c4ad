package io.dragnet.store;

class StorePostgresTest extends StoreContract {
    @Override
    Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
