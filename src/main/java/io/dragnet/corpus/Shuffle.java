package io.dragnet.corpus;

import java.util.List;
import java.util.SplittableRandom;

/** Fisher–Yates over a SplittableRandom: Collections.shuffle only takes java.util.Random. */
final class Shuffle {
    private Shuffle() {
    }

    static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            list.set(j, list.set(i, list.get(j)));
        }
    }

    /** A well-mixed seed for one item, so items can be generated in any order (or in parallel) alike. */
    static long seedFor(long seed, long item) {
        long z = seed + 0x9E3779B97F4A7C15L * (item + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
