package io.dragnet.corpus;

/** A mail address (always lowercase) with an optional display name. */
record Person(String address, String name) {
    String domain() {
        return address.substring(address.indexOf('@') + 1);
    }

    String localPart() {
        return address.substring(0, address.indexOf('@'));
    }

    /** How a greeting addresses this person. */
    String firstName() {
        if (name == null) {
            return localPart();
        }
        int space = name.indexOf(' ');
        return space < 0 ? name : name.substring(0, space);
    }
}
