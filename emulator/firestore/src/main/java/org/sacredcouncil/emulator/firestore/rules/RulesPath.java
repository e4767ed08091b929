package org.sacredcouncil.emulator.firestore.rules;

import java.util.List;

/** A path value in rules, e.g. {@code /databases/(default)/documents/agents/a1}. */
record RulesPath(List<String> segments) {
    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
