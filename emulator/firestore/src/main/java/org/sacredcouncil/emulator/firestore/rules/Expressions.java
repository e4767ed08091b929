package org.sacredcouncil.emulator.firestore.rules;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The expression nodes of the rules language that this engine implements. */
final class Expressions {
    private Expressions() {}

    static final Set<String> GLOBAL_FUNCTIONS = Set.of("get", "exists", "int", "float", "string");
    static final Map<String, Integer> METHODS = Map.ofEntries(
            Map.entry("size", 0),
            Map.entry("keys", 0),
            Map.entry("values", 0),
            Map.entry("hasAll", 1),
            Map.entry("hasAny", 1),
            Map.entry("hasOnly", 1),
            Map.entry("get", 2),
            Map.entry("diff", 1),
            Map.entry("affectedKeys", 0),
            Map.entry("addedKeys", 0),
            Map.entry("removedKeys", 0),
            Map.entry("changedKeys", 0),
            Map.entry("unchangedKeys", 0),
            Map.entry("matches", 1),
            Map.entry("lower", 0),
            Map.entry("upper", 0),
            Map.entry("trim", 0),
            Map.entry("split", 1),
            Map.entry("toSet", 0),
            Map.entry("join", 1),
            Map.entry("toMillis", 0),
            Map.entry("concat", 1),
            Map.entry("removeAll", 1),
            Map.entry("union", 1),
            Map.entry("difference", 1),
            Map.entry("intersection", 1));

    static RulesSyntaxException unsupported(String where, String what) {
        return new RulesSyntaxException(where + ": " + what);
    }

    record Literal(Object value) implements Expr {
        public Object eval(Scope s) {
            return value;
        }

        public void check(StaticScope s) {}
    }

    record Variable(String name, String where) implements Expr {
        public Object eval(Scope s) {
            return s.lookup(name);
        }

        public void check(StaticScope s) {
            if (!s.hasVariable(name)) {
                throw unsupported(
                        where,
                        "unknown identifier '" + name + "' (not a variable in scope; namespaces such as "
                                + "math, timestamp, duration, hashing are not implemented by this rules engine)");
            }
        }
    }

    record ListLiteral(List<Expr> items) implements Expr {
        public Object eval(Scope s) {
            List<Object> out = new ArrayList<>();
            for (Expr e : items) {
                out.add(e.eval(s));
            }
            return out;
        }

        public void check(StaticScope s) {
            items.forEach(e -> e.check(s));
        }
    }

    record MapLiteral(List<String> keys, List<Expr> values) implements Expr {
        public Object eval(Scope s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i), values.get(i).eval(s));
            }
            return out;
        }

        public void check(StaticScope s) {
            values.forEach(e -> e.check(s));
        }
    }

    /** {@code /databases/$(database)/documents/agents/$(request.auth.uid)}: each part is a literal or an expression. */
    record PathLiteral(List<Object> parts) implements Expr {
        public Object eval(Scope s) {
            List<String> segs = new ArrayList<>();
            for (Object p : parts) {
                if (p instanceof String lit) {
                    segs.add(lit);
                } else {
                    Object v = ((Expr) p).eval(s);
                    if (v instanceof String str) {
                        segs.add(str);
                    } else if (v instanceof Long l) {
                        segs.add(Long.toString(l));
                    } else if (v instanceof RulesPath rp) {
                        segs.addAll(rp.segments());
                    } else {
                        throw new RulesEvaluationException(
                                "A path segment must be a string, got " + RulesValues.typeName(v));
                    }
                }
            }
            return new RulesPath(List.copyOf(segs));
        }

        public void check(StaticScope s) {
            for (Object p : parts) {
                if (p instanceof Expr e) {
                    e.check(s);
                }
            }
        }
    }

    record Member(Expr target, String name) implements Expr {
        public Object eval(Scope s) {
            Object t = target.eval(s);
            if (t instanceof Map<?, ?> m) {
                if (!m.containsKey(name)) {
                    throw new RulesEvaluationException("Property " + name + " is undefined on object");
                }
                return m.get(name);
            }
            throw new RulesEvaluationException("Cannot read ." + name + " of " + RulesValues.typeName(t));
        }

        public void check(StaticScope s) {
            target.check(s);
        }
    }

    record Index(Expr target, Expr index) implements Expr {
        public Object eval(Scope s) {
            Object t = target.eval(s);
            Object i = index.eval(s);
            if (t instanceof Map<?, ?> m && i instanceof String k) {
                if (!m.containsKey(k)) {
                    throw new RulesEvaluationException("Key " + k + " is undefined on map");
                }
                return m.get(k);
            }
            if (t instanceof List<?> l && i instanceof Long n) {
                if (n < 0 || n >= l.size()) {
                    throw new RulesEvaluationException("Index " + n + " out of range");
                }
                return l.get(n.intValue());
            }
            if (t instanceof RulesPath p && i instanceof Long n) {
                if (n < 0 || n >= p.segments().size()) {
                    throw new RulesEvaluationException("Index " + n + " out of range");
                }
                return p.segments().get(n.intValue());
            }
            throw new RulesEvaluationException(
                    "Cannot index " + RulesValues.typeName(t) + " with " + RulesValues.typeName(i));
        }

        public void check(StaticScope s) {
            target.check(s);
            index.check(s);
        }
    }

    record Not(Expr e) implements Expr {
        public Object eval(Scope s) {
            return !RulesValues.truthy(e.eval(s));
        }

        public void check(StaticScope s) {
            e.check(s);
        }
    }

    record Negate(Expr e) implements Expr {
        public Object eval(Scope s) {
            Object v = e.eval(s);
            if (v instanceof Long l) {
                return -l;
            }
            if (v instanceof Double d) {
                return -d;
            }
            throw new RulesEvaluationException("Cannot negate " + RulesValues.typeName(v));
        }

        public void check(StaticScope s) {
            e.check(s);
        }
    }

    /** {@code &&} and {@code ||} short-circuit, and tolerate an error on the side that does not decide. */
    record Logical(boolean and, Expr left, Expr right) implements Expr {
        public Object eval(Scope s) {
            Boolean l = null;
            RulesEvaluationException leftError = null;
            try {
                l = RulesValues.truthy(left.eval(s));
            } catch (RulesEvaluationException e) {
                leftError = e;
            }
            if (l != null && l != and) {
                return !and;
            }
            boolean r = RulesValues.truthy(right.eval(s));
            if (leftError != null) {
                if (r != and) {
                    return !and;
                }
                throw leftError;
            }
            return r;
        }

        public void check(StaticScope s) {
            left.check(s);
            right.check(s);
        }
    }

    record Ternary(Expr cond, Expr yes, Expr no) implements Expr {
        public Object eval(Scope s) {
            return RulesValues.truthy(cond.eval(s)) ? yes.eval(s) : no.eval(s);
        }

        public void check(StaticScope s) {
            cond.check(s);
            yes.check(s);
            no.check(s);
        }
    }

    record Binary(String op, Expr left, Expr right) implements Expr {
        public Object eval(Scope s) {
            Object a = left.eval(s);
            Object b = right.eval(s);
            switch (op) {
                case "==":
                    return RulesValues.equal(a, b);
                case "!=":
                    return !RulesValues.equal(a, b);
                case "<":
                    return RulesValues.compare(a, b) < 0;
                case "<=":
                    return RulesValues.compare(a, b) <= 0;
                case ">":
                    return RulesValues.compare(a, b) > 0;
                case ">=":
                    return RulesValues.compare(a, b) >= 0;
                case "in":
                    return RulesValues.contains(b, a);
                default:
                    return arithmetic(a, b);
            }
        }

        private Object arithmetic(Object a, Object b) {
            if (op.equals("+") && a instanceof String x && b instanceof String y) {
                return x + y;
            }
            if (op.equals("+") && a instanceof List<?> x && b instanceof List<?> y) {
                List<Object> out = new ArrayList<>(x);
                out.addAll(y);
                return out;
            }
            if (a instanceof Long x && b instanceof Long y) {
                switch (op) {
                    case "+":
                        return Math.addExact(x, y);
                    case "-":
                        return Math.subtractExact(x, y);
                    case "*":
                        return Math.multiplyExact(x, y);
                    case "/":
                        if (y == 0) {
                            throw new RulesEvaluationException("Division by zero");
                        }
                        return x / y;
                    case "%":
                        if (y == 0) {
                            throw new RulesEvaluationException("Modulo by zero");
                        }
                        return x % y;
                    default:
                        break;
                }
            }
            if (RulesValues.isNumber(a) && RulesValues.isNumber(b)) {
                double x = ((Number) a).doubleValue();
                double y = ((Number) b).doubleValue();
                switch (op) {
                    case "+":
                        return x + y;
                    case "-":
                        return x - y;
                    case "*":
                        return x * y;
                    case "/":
                        return x / y;
                    case "%":
                        return x % y;
                    default:
                        break;
                }
            }
            throw new RulesEvaluationException("Operator " + op + " does not apply to " + RulesValues.typeName(a)
                    + " and " + RulesValues.typeName(b));
        }

        public void check(StaticScope s) {
            left.check(s);
            right.check(s);
        }
    }

    record Is(Expr e, String type) implements Expr {
        public Object eval(Scope s) {
            return RulesValues.isType(e.eval(s), type);
        }

        public void check(StaticScope s) {
            e.check(s);
        }
    }

    record Call(String name, List<Expr> args, String where) implements Expr {
        public Object eval(Scope s) {
            List<Object> values = new ArrayList<>();
            for (Expr a : args) {
                values.add(a.eval(s));
            }
            RuleFunction f = s.function(name);
            if (f != null) {
                return f.call(s, values);
            }
            switch (name) {
                case "get": {
                    Map<String, Object> doc = s.reader().read(path(values.get(0)));
                    if (doc == null) {
                        throw new RulesEvaluationException("get(): no document at " + values.get(0));
                    }
                    return doc;
                }
                case "exists":
                    return s.reader().read(path(values.get(0))) != null;
                case "int":
                    return toInt(values.get(0));
                case "float":
                    return toFloat(values.get(0));
                case "string":
                    return toStringValue(values.get(0));
                default:
                    throw new RulesEvaluationException("Unknown function " + name);
            }
        }

        private static RulesPath path(Object v) {
            if (v instanceof RulesPath p) {
                return p;
            }
            throw new RulesEvaluationException("Expected a path, got " + RulesValues.typeName(v));
        }

        public void check(StaticScope s) {
            args.forEach(a -> a.check(s));
            Integer arity = s.functionArity(name);
            if (arity == null) {
                if (!GLOBAL_FUNCTIONS.contains(name)) {
                    throw unsupported(
                            where,
                            "function '" + name + "' is not defined and is not a built-in this rules "
                                    + "engine implements (get, exists, int, float, string)");
                }
                arity = 1;
            }
            if (arity != args.size()) {
                throw unsupported(where, "function '" + name + "' takes " + arity + " argument(s), got " + args.size());
            }
        }
    }

    record MethodCall(Expr target, String name, List<Expr> args, String where) implements Expr {
        public Object eval(Scope s) {
            Object t = target.eval(s);
            List<Object> a = new ArrayList<>();
            for (Expr e : args) {
                a.add(e.eval(s));
            }
            return Methods.invoke(t, name, a);
        }

        public void check(StaticScope s) {
            target.check(s);
            args.forEach(e -> e.check(s));
            Integer arity = METHODS.get(name);
            if (arity == null) {
                throw unsupported(where, "method '" + name + "()' is not implemented by this rules engine");
            }
            boolean ok = arity == args.size() || (name.equals("get") && args.size() == 2);
            if (!ok) {
                throw unsupported(where, "method '" + name + "()' takes " + arity + " argument(s), got " + args.size());
            }
        }
    }

    private static Object toInt(Object v) {
        if (v instanceof Long) {
            return v;
        }
        if (v instanceof Double d) {
            return (long) d.doubleValue();
        }
        if (v instanceof String str) {
            try {
                return Long.parseLong(str.trim());
            } catch (NumberFormatException e) {
                throw new RulesEvaluationException("int(): not an integer: " + str);
            }
        }
        throw new RulesEvaluationException("int() of " + RulesValues.typeName(v));
    }

    private static Object toFloat(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String str) {
            try {
                return Double.parseDouble(str.trim());
            } catch (NumberFormatException e) {
                throw new RulesEvaluationException("float(): not a number: " + str);
            }
        }
        throw new RulesEvaluationException("float() of " + RulesValues.typeName(v));
    }

    private static Object toStringValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String
                || v instanceof Long
                || v instanceof Double
                || v instanceof Boolean
                || v instanceof RulesPath) {
            return String.valueOf(v);
        }
        throw new RulesEvaluationException("string() of " + RulesValues.typeName(v));
    }

    /** Methods on strings, lists, sets, maps, map diffs and timestamps. */
    static final class Methods {
        private Methods() {}

        static Object invoke(Object t, String name, List<Object> a) {
            if (t instanceof String str) {
                return onString(str, name, a);
            }
            if (t instanceof List<?> l) {
                return onList(l, name, a);
            }
            if (t instanceof Map<?, ?> m) {
                return onMap(m, name, a);
            }
            if (t instanceof RulesValues.MapDiff d) {
                switch (name) {
                    case "affectedKeys":
                        return d.affected();
                    case "addedKeys":
                        return d.added();
                    case "removedKeys":
                        return d.removed();
                    case "changedKeys":
                        return d.changed();
                    case "unchangedKeys":
                        return d.unchanged();
                    default:
                        break;
                }
            }
            if (t instanceof Instant i && name.equals("toMillis")) {
                return i.toEpochMilli();
            }
            if (t instanceof ByteString b && name.equals("size")) {
                return (long) b.size();
            }
            throw new RulesEvaluationException("No method " + name + "() on " + RulesValues.typeName(t));
        }

        private static Object onString(String str, String name, List<Object> a) {
            switch (name) {
                case "size":
                    return (long) str.codePointCount(0, str.length());
                case "matches":
                    try {
                        return Pattern.compile(string(a.get(0))).matcher(str).matches();
                    } catch (PatternSyntaxException e) {
                        throw new RulesEvaluationException("Bad regular expression: " + e.getMessage());
                    }
                case "lower":
                    return str.toLowerCase(java.util.Locale.ROOT);
                case "upper":
                    return str.toUpperCase(java.util.Locale.ROOT);
                case "trim":
                    return str.trim();
                case "split":
                    return new ArrayList<Object>(List.of(str.split(string(a.get(0)), -1)));
                default:
                    throw new RulesEvaluationException("No method " + name + "() on string");
            }
        }

        private static Object onList(List<?> l, String name, List<Object> a) {
            switch (name) {
                case "size":
                    return (long) l.size();
                case "hasAll":
                    return list(a.get(0)).stream().allMatch(x -> RulesValues.contains(l, x));
                case "hasAny":
                    return list(a.get(0)).stream().anyMatch(x -> RulesValues.contains(l, x));
                case "hasOnly":
                    return l.stream().allMatch(x -> RulesValues.contains(list(a.get(0)), x));
                case "toSet":
                    return distinct(l);
                case "join": {
                    StringBuilder b = new StringBuilder();
                    for (Object x : l) {
                        if (b.length() > 0) {
                            b.append(string(a.get(0)));
                        }
                        b.append(string(x));
                    }
                    return b.toString();
                }
                case "concat": {
                    List<Object> out = new ArrayList<>(l);
                    out.addAll(list(a.get(0)));
                    return out;
                }
                case "removeAll":
                case "difference": {
                    List<Object> out = new ArrayList<>();
                    for (Object x : l) {
                        if (!RulesValues.contains(list(a.get(0)), x)) {
                            out.add(x);
                        }
                    }
                    return name.equals("difference") ? distinct(out) : out;
                }
                case "union": {
                    List<Object> out = new ArrayList<>(l);
                    out.addAll(list(a.get(0)));
                    return distinct(out);
                }
                case "intersection": {
                    List<Object> out = new ArrayList<>();
                    for (Object x : l) {
                        if (RulesValues.contains(list(a.get(0)), x)) {
                            out.add(x);
                        }
                    }
                    return distinct(out);
                }
                default:
                    throw new RulesEvaluationException("No method " + name + "() on list");
            }
        }

        private static Object onMap(Map<?, ?> m, String name, List<Object> a) {
            switch (name) {
                case "size":
                    return (long) m.size();
                case "keys":
                    return new ArrayList<Object>(m.keySet());
                case "values":
                    return new ArrayList<Object>(m.values());
                case "get": {
                    Object key = a.get(0);
                    if (key instanceof String k) {
                        return m.containsKey(k) ? m.get(k) : a.get(1);
                    }
                    Object cur = m;
                    for (Object k : list(key)) {
                        if (!(cur instanceof Map<?, ?> cm) || !cm.containsKey(k)) {
                            return a.get(1);
                        }
                        cur = cm.get(k);
                    }
                    return cur;
                }
                case "diff":
                    if (!(a.get(0) instanceof Map<?, ?> other)) {
                        throw new RulesEvaluationException("diff() needs a map");
                    }
                    return new RulesValues.MapDiff(m, other);
                default:
                    throw new RulesEvaluationException("No method " + name + "() on map");
            }
        }

        private static List<Object> distinct(List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                if (!RulesValues.contains(out, x)) {
                    out.add(x);
                }
            }
            return out;
        }

        private static List<?> list(Object v) {
            if (v instanceof List<?> l) {
                return l;
            }
            throw new RulesEvaluationException("Expected a list, got " + RulesValues.typeName(v));
        }

        private static String string(Object v) {
            if (v instanceof String str) {
                return str;
            }
            throw new RulesEvaluationException("Expected a string, got " + RulesValues.typeName(v));
        }
    }
}
