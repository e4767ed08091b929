package org.sacredcouncil.emulator.firestore.rules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Names visible at a point of the rules file: variables and functions (name → arity). */
final class StaticScope {
    private final StaticScope parent;
    private final Set<String> variables = new HashSet<>();
    private final Map<String, Integer> functions = new HashMap<>();

    StaticScope(StaticScope parent) {
        this.parent = parent;
    }

    void addVariable(String name) {
        variables.add(name);
    }

    void addFunction(String name, int arity) {
        functions.put(name, arity);
    }

    boolean hasVariable(String name) {
        return variables.contains(name) || (parent != null && parent.hasVariable(name));
    }

    Integer functionArity(String name) {
        Integer a = functions.get(name);
        return a != null ? a : (parent != null ? parent.functionArity(name) : null);
    }
}
