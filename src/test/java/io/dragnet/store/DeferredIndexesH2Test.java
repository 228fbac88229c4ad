package io.dragnet.store;

class DeferredIndexesH2Test extends DeferredIndexesContract {
    @Override
    Vendor vendor() {
        return Vendor.H2;
    }
}
