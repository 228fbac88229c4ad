package io.dragnet.index;

import io.dragnet.search.DispositionLabel;

import java.util.List;
import java.util.Objects;

/** What the spam filters that saw a message concluded, read from the headers they left on it. */
public record Verdict(DispositionLabel label, List<String> threatCategories, List<String> reasons) {
    public static final Verdict NONE = new Verdict(DispositionLabel.NONE, List.of(), List.of());

    public Verdict {
        Objects.requireNonNull(label, "label");
        threatCategories = List.copyOf(threatCategories);
        reasons = List.copyOf(reasons);
    }
}
