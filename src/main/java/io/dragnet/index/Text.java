package io.dragnet.index;

import java.util.Locale;

/** Small string helpers for what goes into the index's columns. */
final class Text {
    private Text() {
    }

    /** Cuts to the column's size: an over-long header must not fail the whole batch it is in. */
    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }
}
