package org.sacredcouncil.emulator.firestore.rules;

import java.util.HashMap;
import java.util.Map;

/** Runtime bindings of one evaluation: variables, visible functions, and the document reader. */
final class Scope {
    private final Scope parent;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, RuleFunction> functions = new HashMap<>();
    private final DocumentReader reader;
    private final int depth;

    Scope(Scope parent, DocumentReader reader) {
        this.parent = parent;
        this.reader = reader;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    Scope child() {
        return new Scope(this, reader);
    }

    void bind(String name, Object value) {
        values.put(name, value);
    }

    void define(RuleFunction f) {
        functions.put(f.name(), f);
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.values.containsKey(name)) {
                return s.values.get(name);
            }
        }
        throw new RulesEvaluationException("Unknown variable " + name);
    }

    RuleFunction function(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            RuleFunction f = s.functions.get(name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    DocumentReader reader() {
        return reader;
    }

    int depth() {
        return depth;
    }

    /** Reads documents for {@code get()} and {@code exists()}. */
    interface DocumentReader {
        /** The resource map of the document at the path, or null when absent. */
        Map<String, Object> read(RulesPath path);
    }
}
