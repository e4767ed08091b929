package org.sacredcouncil.bench.functions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians of timed samples. */
final class Figures {

    private Figures() {}

    static double medianMillis(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int n = sorted.size();
        return (n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0) / 1e6;
    }
}
