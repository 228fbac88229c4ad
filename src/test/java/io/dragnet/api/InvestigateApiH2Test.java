package io.dragnet.api;

import io.dragnet.store.Vendor;

class InvestigateApiH2Test extends InvestigateApiContract {
    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }
}
