package org.sacredcouncil.emulator.firestore.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A parsed {@code service cloud.firestore} block and the matching algorithm over request paths. */
final class RuleSet {
    /** One path segment of a match pattern. */
    record PatternSegment(String literal, String variable, boolean recursive) {}

    /** {@code allow get, list: if cond;} with methods expanded (read → get, list; write → create, update, delete). */
    record AllowStatement(Set<String> methods, Expr condition, int line) {}

    /** {@code match /pattern { ... }}. */
    record MatchBlock(
            List<PatternSegment> pattern,
            List<AllowStatement> allows,
            List<RuleFunction> functions,
            List<MatchBlock> children) {}

    private final int version;
    private final List<RuleFunction> functions;
    private final List<MatchBlock> matches;

    RuleSet(int version, List<RuleFunction> functions, List<MatchBlock> matches) {
        this.version = version;
        this.functions = functions;
        this.matches = matches;
    }

    List<RuleFunction> functions() {
        return functions;
    }

    List<MatchBlock> matches() {
        return matches;
    }

    /** Whether some allow statement of a block matching the whole path grants the method. */
    boolean allows(List<String> path, String method, Scope root) {
        Scope s = root.child();
        functions.forEach(s::define);
        return evaluate(matches, path, s, method);
    }

    private boolean evaluate(List<MatchBlock> blocks, List<String> rest, Scope scope, String method) {
        for (MatchBlock b : blocks) {
            Scope s = scope.child();
            Integer consumed = bind(b.pattern(), rest, s);
            if (consumed == null) {
                continue;
            }
            b.functions().forEach(s::define);
            List<String> remaining = rest.subList(consumed, rest.size());
            if (remaining.isEmpty()) {
                for (AllowStatement a : b.allows()) {
                    if (a.methods().contains(method) && granted(a, s)) {
                        return true;
                    }
                }
            }
            if (evaluate(b.children(), remaining, s, method)) {
                return true;
            }
        }
        return false;
    }

    private static boolean granted(AllowStatement a, Scope s) {
        if (a.condition() == null) {
            return true;
        }
        try {
            return RulesValues.truthy(a.condition().eval(s));
        } catch (RulesEvaluationException | ArithmeticException e) {
            return false;
        }
    }

    /** Binds the pattern's variables; returns how many segments it consumed, or null if it does not match. */
    private Integer bind(List<PatternSegment> pattern, List<String> rest, Scope s) {
        int i = 0;
        for (PatternSegment p : pattern) {
            if (p.recursive()) {
                int min = version >= 2 ? 0 : 1;
                if (rest.size() - i < min) {
                    return null;
                }
                s.bind(p.variable(), new RulesPath(List.copyOf(new ArrayList<>(rest.subList(i, rest.size())))));
                return rest.size();
            }
            if (i >= rest.size()) {
                return null;
            }
            String seg = rest.get(i);
            if (p.literal() != null) {
                if (!p.literal().equals(seg)) {
                    return null;
                }
            } else {
                s.bind(p.variable(), seg);
            }
            i++;
        }
        return i;
    }

    /** Refuses unknown names anywhere in the file. */
    void check() {
        StaticScope root = new StaticScope(null);
        root.addVariable("request");
        root.addVariable("resource");
        functions.forEach(f -> root.addFunction(f.name(), f.params().size()));
        functions.forEach(f -> checkFunction(f, root));
        matches.forEach(m -> checkBlock(m, root));
    }

    private static void checkBlock(MatchBlock b, StaticScope parent) {
        StaticScope s = new StaticScope(parent);
        for (PatternSegment p : b.pattern()) {
            if (p.variable() != null) {
                s.addVariable(p.variable());
            }
        }
        b.functions().forEach(f -> s.addFunction(f.name(), f.params().size()));
        b.functions().forEach(f -> checkFunction(f, s));
        for (AllowStatement a : b.allows()) {
            if (a.condition() != null) {
                a.condition().check(s);
            }
        }
        b.children().forEach(c -> checkBlock(c, s));
    }

    private static void checkFunction(RuleFunction f, StaticScope parent) {
        StaticScope s = new StaticScope(parent);
        f.params().forEach(s::addVariable);
        for (int i = 0; i < f.letNames().size(); i++) {
            f.letValues().get(i).check(s);
            s.addVariable(f.letNames().get(i));
        }
        f.body().check(s);
    }
}
