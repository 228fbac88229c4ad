package io.dragnet.store;

class StoreH2Test extends StoreContract {
    @Override
    Vendor vendor() {
        return Vendor.H2;
    }
}
