package org.sacredcouncil.edge.graphql;

import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.edge.limits.RequestKind;

/**
 * The selected operation of a GraphQL document, found without a parser (docs/graphql.md#limits-at-edge): its type
 * and its root field names (the schema's names, not aliases). A lexer walks the document once, skipping strings
 * (block strings included), comments, arguments and nested selections, and notes each top-level operation; the
 * edge needs no more than this to pick a rate-limit budget. Anything it cannot make out is {@link #UNKNOWN}, which
 * counts as a read: heart refuses what it cannot parse before executing anything, and its one-root-field rule for
 * mutations makes the lexer's answer the executed one for every document heart accepts.
 *
 * <p>Plain int types rather than an enum: an enum's generated methods cost the bundle more than this lexer's
 * switch.
 */
public final class GraphqlOperation {

    public static final int UNKNOWN = 0;
    public static final int QUERY = 1;
    public static final int MUTATION = 2;
    public static final int SUBSCRIPTION = 3;

    /** What a document that names no usable operation is. */
    static GraphqlOperation none() {
        // a method, not a static field: a class with a static initializer costs a check at every call into it
        return new GraphqlOperation(UNKNOWN, null, new ArrayList<>());
    }

    private final int type;
    private final String name;
    /** root field names in document order; a root fragment spread (heart refuses it in a mutation) adds "..." */
    private final List<String> rootFields;

    private GraphqlOperation(int type, String name, List<String> rootFields) {
        this.type = type;
        this.name = name;
        this.rootFields = rootFields;
    }

    public int type() {
        return type;
    }

    public List<String> rootFields() {
        return rootFields;
    }

    public boolean isMutation() {
        return type == MUTATION;
    }

    /**
     * The rate-limit budget (docs/graphql.md#limits-at-edge): a mutation counts in its root field's binding, any
     * other mutation in {@code LIMIT_MESSAGES}; queries, subscriptions and the unclassifiable in {@code LIMIT_READS}.
     */
    public int kind() {
        if (type != MUTATION) {
            return RequestKind.READ;
        }
        String root = rootFields.isEmpty() ? "" : rootFields.get(0);
        return root.equals("registerAgent")
                ? RequestKind.REGISTRATION
                : root.equals("beatPresence")
                        ? RequestKind.PRESENCE
                        : root.equals("deleteArtifact") ? RequestKind.ARTIFACTS : RequestKind.MESSAGE;
    }

    /**
     * The operation {@code operationName} names, or the document's only one when it is null or empty; {@link
     * #none()}'s type ({@link #UNKNOWN}) when there is no such operation or the choice is ambiguous, as for heart.
     */
    public static GraphqlOperation select(String document, String operationName) {
        if (document == null) {
            return none();
        }
        List<GraphqlOperation> operations = new Lexer(document).operations();
        boolean named = operationName != null && !operationName.isEmpty();
        if (!named) {
            return operations.size() == 1 ? operations.get(0) : none();
        }
        for (GraphqlOperation operation : operations) {
            if (operationName.equals(operation.name)) {
                return operation;
            }
        }
        return none();
    }

    /** One pass over the document's tokens; every loop advances {@link #at}, so any input ends in linear time. */
    private static final class Lexer {
        private final String text;
        private int at;
        /** the current token: a name, a punctuator ("{", "(", "...", ...), or "" for a value (string, number) */
        private String token;

        Lexer(String text) {
            this.text = text;
        }

        List<GraphqlOperation> operations() {
            List<GraphqlOperation> found = new ArrayList<>();
            next();
            while (token != null) {
                int type = token.equals("query")
                        ? QUERY
                        : token.equals("mutation") ? MUTATION : token.equals("subscription") ? SUBSCRIPTION : UNKNOWN;
                if (token.equals("{")) {
                    found.add(new GraphqlOperation(QUERY, null, selection()));
                } else if (type != UNKNOWN) {
                    next();
                    String name = isName(token) ? token : null;
                    if (toSelection()) {
                        found.add(new GraphqlOperation(type, name, selection()));
                    }
                } else if (toSelection()) {
                    skipBraces(); // a fragment or anything else at the top level: its selection is skipped whole
                }
            }
            return found;
        }

        /** Moves to the next "{" outside parentheses (variables, directive arguments); false at the end. */
        private boolean toSelection() {
            while (token != null && !token.equals("{")) {
                if (token.equals("(")) {
                    skipParens();
                } else {
                    next();
                }
            }
            return token != null;
        }

        /** At a "{": the root field names of the selection set; leaves the token after its "}". */
        private List<String> selection() {
            List<String> fields = new ArrayList<>();
            next();
            while (token != null && !token.equals("}")) {
                if (token.equals("...")) {
                    fields.add("...");
                    next();
                    if ("on".equals(token)) { // an inline fragment: its type condition is no field
                        next();
                    }
                    if (isName(token)) {
                        next();
                    }
                } else if (token.equals("@")) { // a directive: its name is no field (its arguments are skipped below)
                    next();
                    next();
                } else if (isName(token)) {
                    String field = token;
                    next();
                    if (":".equals(token)) { // an alias: the field's own name follows
                        next();
                        if (isName(token)) {
                            field = token;
                            next();
                        }
                    }
                    fields.add(field);
                } else if (token.equals("(")) {
                    skipParens();
                } else if (token.equals("{")) {
                    skipBraces();
                } else {
                    next(); // directives, type conditions and commas' like
                }
            }
            next();
            return fields;
        }

        /** At a "(": to the token after its ")" (object values in arguments hold braces of their own). */
        private void skipParens() {
            int depth = 0;
            do {
                if (token.equals("(")) {
                    depth++;
                } else if (token.equals(")")) {
                    depth--;
                }
                next();
            } while (token != null && depth > 0);
        }

        /** At a "{": to the token after its matching "}". */
        private void skipBraces() {
            int depth = 0;
            do {
                if (token.equals("{")) {
                    depth++;
                } else if (token.equals("}")) {
                    depth--;
                }
                next();
            } while (token != null && depth > 0);
        }

        private static boolean isName(String token) {
            return token != null && !token.isEmpty() && isNameStart(token.charAt(0));
        }

        private static boolean isNameStart(char c) {
            return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }

        private static boolean isNamePart(char c) {
            return isNameStart(c) || (c >= '0' && c <= '9');
        }

        /** Sets {@link #token} to the next token, or null at the end of the text. */
        private void next() {
            int n = text.length();
            while (at < n) {
                char c = text.charAt(at);
                if (c == '#') { // a comment, to the end of its line
                    while (at < n && text.charAt(at) != '\n' && text.charAt(at) != '\r') {
                        at++;
                    }
                } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '\uFEFF') {
                    at++;
                } else {
                    break;
                }
            }
            if (at >= n) {
                token = null;
                return;
            }
            int start = at;
            char c = text.charAt(at);
            if (isNameStart(c)) {
                while (at < n && isNamePart(text.charAt(at))) {
                    at++;
                }
                token = text.substring(start, at);
            } else if (c == '"') {
                skipString();
                token = "";
            } else if (c == '.' && text.startsWith("...", at)) {
                at += 3;
                token = "...";
            } else {
                // a punctuator, or a piece of a number (numbers stand only in arguments and defaults, skipped whole)
                at++;
                token = String.valueOf(c);
            }
        }

        /** At a '"': past the string or block string; an unterminated one runs to the end of the text. */
        private void skipString() {
            int n = text.length();
            if (text.startsWith("\"\"\"", at)) {
                at += 3;
                while (at < n && !text.startsWith("\"\"\"", at)) {
                    // inside a block string only \""" escapes anything
                    at += text.startsWith("\\\"\"\"", at) ? 4 : 1;
                }
                at = Math.min(n, at + 3);
                return;
            }
            at++;
            while (at < n) {
                char c = text.charAt(at);
                if (c == '\\') {
                    at += 2;
                } else if (c == '"' || c == '\n' || c == '\r') {
                    at++;
                    return;
                } else {
                    at++;
                }
            }
        }
    }
}
