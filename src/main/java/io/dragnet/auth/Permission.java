package io.dragnet.auth;

/** What a credential may do in its accounts. WRITE includes READ. */
public enum Permission {
    READ,
    WRITE;

    public boolean includes(Permission needed) {
        return this == WRITE || needed == READ;
    }
}
