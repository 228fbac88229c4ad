package io.dragnet.index;

import java.util.Locale;
import java.util.Objects;

/** An email address, lowercased, with the display name it was written with (or null). */
public record Address(String address, String name) {
    public Address {
        Objects.requireNonNull(address, "address");
        address = address.trim().toLowerCase(Locale.ROOT);
        if (name != null && name.isBlank()) {
            name = null;
        }
    }

    /** The part after the last '@', or the whole value when there is none. */
    public String domain() {
        return Text.domainOf(address);
    }
}
