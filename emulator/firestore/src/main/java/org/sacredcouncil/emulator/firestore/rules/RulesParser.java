package org.sacredcouncil.emulator.firestore.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser for the subset of the Firebase rules language this engine implements. */
final class RulesParser {
    private final String src;
    private int pos;

    private RulesParser(String src) {
        this.src = src;
    }

    static RuleSet parse(String source) {
        RuleSet rules = new RulesParser(source).file();
        rules.check();
        return rules;
    }

    // ---- lexical helpers ----

    private String where() {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return "line " + line + ", column " + col;
    }

    private int line() {
        int line = 1;
        for (int i = 0; i < pos && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private RulesSyntaxException error(String message) {
        return new RulesSyntaxException(where() + ": " + message);
    }

    private void skip() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("unterminated comment");
                }
                pos = end + 2;
            } else {
                break;
            }
        }
    }

    private boolean peek(String s) {
        skip();
        if (!src.startsWith(s, pos)) {
            return false;
        }
        if (Character.isLetter(s.charAt(s.length() - 1))) {
            int end = pos + s.length();
            return end >= src.length() || !isIdentPart(src.charAt(end));
        }
        return true;
    }

    private boolean accept(String s) {
        if (peek(s)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    private void expect(String s) {
        if (!accept(s)) {
            throw error("expected '" + s + "'" + found());
        }
    }

    private String found() {
        skip();
        if (pos >= src.length()) {
            return " but the file ended";
        }
        int end = Math.min(src.length(), pos + 20);
        return " but found '" + src.substring(pos, end).split("\n")[0] + "'";
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private String ident() {
        skip();
        if (pos >= src.length() || !isIdentStart(src.charAt(pos))) {
            throw error("expected a name" + found());
        }
        int start = pos;
        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    // ---- structure ----

    private RuleSet file() {
        int version = 1;
        if (accept("rules_version")) {
            expect("=");
            Object v = string();
            if (!"1".equals(v) && !"2".equals(v)) {
                throw error("rules_version must be '1' or '2'");
            }
            version = Integer.parseInt((String) v);
            expect(";");
        }
        expect("service");
        StringBuilder name = new StringBuilder(ident());
        while (accept(".")) {
            name.append('.').append(ident());
        }
        if (!name.toString().equals("cloud.firestore")) {
            throw error("only 'service cloud.firestore' is supported, not '" + name + "'");
        }
        expect("{");
        List<RuleFunction> functions = new ArrayList<>();
        List<RuleSet.MatchBlock> matches = new ArrayList<>();
        while (!accept("}")) {
            if (peek("function")) {
                functions.add(function());
            } else if (peek("match")) {
                matches.add(match());
            } else {
                throw error("expected 'match' or 'function' in the service block" + found());
            }
        }
        skip();
        if (pos < src.length()) {
            throw error("unexpected text after the service block");
        }
        return new RuleSet(version, functions, matches);
    }

    private RuleSet.MatchBlock match() {
        expect("match");
        List<RuleSet.PatternSegment> pattern = matchPath();
        expect("{");
        List<RuleSet.AllowStatement> allows = new ArrayList<>();
        List<RuleFunction> functions = new ArrayList<>();
        List<RuleSet.MatchBlock> children = new ArrayList<>();
        while (!accept("}")) {
            if (peek("allow")) {
                allows.add(allow());
            } else if (peek("function")) {
                functions.add(function());
            } else if (peek("match")) {
                children.add(match());
            } else {
                throw error("expected 'allow', 'match' or 'function'" + found());
            }
        }
        return new RuleSet.MatchBlock(pattern, allows, functions, children);
    }

    private List<RuleSet.PatternSegment> matchPath() {
        skip();
        List<RuleSet.PatternSegment> segs = new ArrayList<>();
        if (pos >= src.length() || src.charAt(pos) != '/') {
            throw error("a match path starts with '/'");
        }
        while (pos < src.length() && src.charAt(pos) == '/') {
            pos++;
            if (pos < src.length() && src.charAt(pos) == '{') {
                pos++;
                String var = ident();
                boolean recursive = false;
                if (accept("=")) {
                    expect("**");
                    recursive = true;
                }
                expect("}");
                segs.add(new RuleSet.PatternSegment(null, var, recursive));
            } else {
                int start = pos;
                while (pos < src.length()
                        && !Character.isWhitespace(src.charAt(pos))
                        && src.charAt(pos) != '/'
                        && src.charAt(pos) != '{') {
                    pos++;
                }
                if (start == pos) {
                    throw error("empty segment in match path");
                }
                segs.add(new RuleSet.PatternSegment(src.substring(start, pos), null, false));
            }
        }
        for (int i = 0; i < segs.size() - 1; i++) {
            if (segs.get(i).recursive()) {
                throw error("a recursive wildcard {name=**} must be the last segment of a match path");
            }
        }
        return segs;
    }

    private RuleSet.AllowStatement allow() {
        expect("allow");
        int line = line();
        Set<String> methods = new LinkedHashSet<>();
        do {
            String m = ident();
            switch (m) {
                case "read":
                    methods.add("get");
                    methods.add("list");
                    break;
                case "write":
                    methods.add("create");
                    methods.add("update");
                    methods.add("delete");
                    break;
                case "get":
                case "list":
                case "create":
                case "update":
                case "delete":
                    methods.add(m);
                    break;
                default:
                    throw error("unknown method '" + m + "' (read, get, list, write, create, update, delete)");
            }
        } while (accept(","));
        Expr condition = null;
        if (accept(":")) {
            expect("if");
            condition = expression();
        }
        expect(";");
        return new RuleSet.AllowStatement(methods, condition, line);
    }

    private RuleFunction function() {
        expect("function");
        String name = ident();
        expect("(");
        List<String> params = new ArrayList<>();
        if (!accept(")")) {
            do {
                params.add(ident());
            } while (accept(","));
            expect(")");
        }
        expect("{");
        List<String> letNames = new ArrayList<>();
        List<Expr> letValues = new ArrayList<>();
        while (accept("let")) {
            letNames.add(ident());
            expect("=");
            letValues.add(expression());
            expect(";");
        }
        expect("return");
        Expr body = expression();
        accept(";");
        expect("}");
        return new RuleFunction(name, params, letNames, letValues, body);
    }

    // ---- expressions ----

    private Expr expression() {
        Expr cond = or();
        if (accept("?")) {
            Expr yes = expression();
            expect(":");
            Expr no = expression();
            return new Expressions.Ternary(cond, yes, no);
        }
        return cond;
    }

    private Expr or() {
        Expr e = and();
        while (accept("||")) {
            e = new Expressions.Logical(false, e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = equality();
        while (accept("&&")) {
            e = new Expressions.Logical(true, e, equality());
        }
        return e;
    }

    private Expr equality() {
        Expr e = relational();
        while (true) {
            if (accept("==")) {
                e = new Expressions.Binary("==", e, relational());
            } else if (accept("!=")) {
                e = new Expressions.Binary("!=", e, relational());
            } else {
                return e;
            }
        }
    }

    private Expr relational() {
        Expr e = additive();
        while (true) {
            if (accept("<=")) {
                e = new Expressions.Binary("<=", e, additive());
            } else if (accept(">=")) {
                e = new Expressions.Binary(">=", e, additive());
            } else if (accept("<")) {
                e = new Expressions.Binary("<", e, additive());
            } else if (accept(">")) {
                e = new Expressions.Binary(">", e, additive());
            } else if (accept("in")) {
                e = new Expressions.Binary("in", e, additive());
            } else if (accept("is")) {
                String type = ident();
                if (!RulesValues.TYPE_NAMES.contains(type)) {
                    throw error("unknown type '" + type + "' after 'is' " + RulesValues.TYPE_NAMES);
                }
                e = new Expressions.Is(e, type);
            } else {
                return e;
            }
        }
    }

    private Expr additive() {
        Expr e = multiplicative();
        while (true) {
            if (accept("+")) {
                e = new Expressions.Binary("+", e, multiplicative());
            } else if (peek("-")) {
                pos++;
                e = new Expressions.Binary("-", e, multiplicative());
            } else {
                return e;
            }
        }
    }

    private Expr multiplicative() {
        Expr e = unary();
        while (true) {
            if (accept("*")) {
                e = new Expressions.Binary("*", e, unary());
            } else if (peek("/") && !peek("//")) {
                pos++;
                e = new Expressions.Binary("/", e, unary());
            } else if (accept("%")) {
                e = new Expressions.Binary("%", e, unary());
            } else {
                return e;
            }
        }
    }

    private Expr unary() {
        if (accept("!")) {
            return new Expressions.Not(unary());
        }
        if (accept("-")) {
            return new Expressions.Negate(unary());
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) {
        while (true) {
            if (accept(".")) {
                String where = where();
                String name = ident();
                if (accept("(")) {
                    e = new Expressions.MethodCall(e, name, arguments(), where);
                } else {
                    e = new Expressions.Member(e, name);
                }
            } else if (accept("[")) {
                Expr index = expression();
                if (accept(":")) {
                    throw error("range indexing [a:b] is not implemented by this rules engine");
                }
                expect("]");
                e = new Expressions.Index(e, index);
            } else {
                return e;
            }
        }
    }

    private List<Expr> arguments() {
        List<Expr> args = new ArrayList<>();
        if (accept(")")) {
            return args;
        }
        do {
            args.add(expression());
        } while (accept(","));
        expect(")");
        return args;
    }

    private Expr primary() {
        skip();
        if (pos >= src.length()) {
            throw error("expected an expression but the file ended");
        }
        char c = src.charAt(pos);
        if (c == '(') {
            pos++;
            Expr e = expression();
            expect(")");
            return e;
        }
        if (c == '[') {
            pos++;
            List<Expr> items = new ArrayList<>();
            if (!accept("]")) {
                do {
                    items.add(expression());
                } while (accept(","));
                expect("]");
            }
            return new Expressions.ListLiteral(items);
        }
        if (c == '{') {
            pos++;
            List<String> keys = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            if (!accept("}")) {
                do {
                    skip();
                    keys.add(src.charAt(pos) == '\'' || src.charAt(pos) == '"' ? (String) string() : ident());
                    expect(":");
                    values.add(expression());
                } while (accept(","));
                expect("}");
            }
            return new Expressions.MapLiteral(keys, values);
        }
        if (c == '\'' || c == '"') {
            return new Expressions.Literal(string());
        }
        if (Character.isDigit(c)) {
            return number();
        }
        if (c == '/') {
            return pathLiteral();
        }
        if (isIdentStart(c)) {
            String where = where();
            String name = ident();
            switch (name) {
                case "true":
                    return new Expressions.Literal(Boolean.TRUE);
                case "false":
                    return new Expressions.Literal(Boolean.FALSE);
                case "null":
                    return new Expressions.Literal(null);
                default:
                    break;
            }
            if (accept("(")) {
                return new Expressions.Call(name, arguments(), where);
            }
            return new Expressions.Variable(name, where);
        }
        throw error("unexpected character '" + c + "'");
    }

    private Object string() {
        skip();
        char quote = src.charAt(pos);
        if (quote != '\'' && quote != '"') {
            throw error("expected a string" + found());
        }
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error("unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\\' && pos < src.length()) {
                char n = src.charAt(pos++);
                switch (n) {
                    case 'n':
                        b.append('\n');
                        break;
                    case 't':
                        b.append('\t');
                        break;
                    default:
                        b.append(n);
                }
            } else {
                b.append(c);
            }
        }
    }

    private Expr number() {
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        boolean isFloat = false;
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
            isFloat = true;
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            isFloat = true;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        String text = src.substring(start, pos);
        return new Expressions.Literal(isFloat ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text));
    }

    /** {@code /a/$(expr)/b} in an expression. */
    private Expr pathLiteral() {
        List<Object> parts = new ArrayList<>();
        while (pos < src.length() && src.charAt(pos) == '/') {
            pos++;
            if (src.startsWith("$(", pos)) {
                pos += 2;
                parts.add(expression());
                expect(")");
            } else {
                int start = pos;
                while (pos < src.length()
                        && (Character.isLetterOrDigit(src.charAt(pos)) || "_-~%@()".indexOf(src.charAt(pos)) >= 0)) {
                    if (src.charAt(pos) == ')' && !src.substring(start, pos).contains("(")) {
                        break;
                    }
                    pos++;
                }
                if (start == pos) {
                    throw error("empty path segment");
                }
                parts.add(src.substring(start, pos));
            }
        }
        return new Expressions.PathLiteral(parts);
    }
}
