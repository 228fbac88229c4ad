package io.dragnet.api;

import io.dragnet.store.Vendor;

class InvestigateApiPostgresTest extends InvestigateApiContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }
}
