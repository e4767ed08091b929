package org.sacredcouncil.emulator.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A subscription filter in the service's filter language (https://cloud.google.com/pubsub/docs/filtering):
 * {@code attributes.k = "v"}, {@code attributes.k != "v"}, {@code attributes:k} (has the key),
 * {@code hasPrefix(attributes.k, "p")}, {@code NOT}, {@code AND}, {@code OR} and parentheses; a key is a
 * name or a quoted string ({@code attributes."iana.org/language_tag"}). As the service requires, AND and
 * OR are not mixed without parentheses, and a filter is at most 256 bytes. An empty filter lets every
 * message in. Google's emulator stores filters and ignores them; this one filters, as the service does.
 */
abstract class SubscriptionFilter {

    static final int MAX_BYTES = 256;
    private static final SubscriptionFilter EVERYTHING = new SubscriptionFilter() {
        @Override
        boolean matches(Map<String, String> attributes) {
            return true;
        }
    };

    abstract boolean matches(Map<String, String> attributes);

    /** Parses a filter; an invalid one is INVALID_ARGUMENT, naming what is wrong. */
    static SubscriptionFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ResourceNames.invalid("Invalid filter: longer than " + MAX_BYTES + " bytes.");
        }
        Parser parser = new Parser(tokens(text));
        SubscriptionFilter filter = parser.expression();
        if (!parser.atEnd()) {
            throw parser.error("unexpected " + parser.peek());
        }
        return filter;
    }

    // ---------------------------------------------------------------- tokens

    private record Token(String kind, String text) {
        @Override
        public String toString() {
            return kind.equals("string") ? "\"" + text + "\"" : "'" + text + "'";
        }
    }

    private static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw ResourceNames.invalid("Invalid filter: unterminated string.");
                    }
                    char d = text.charAt(i++);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\' && i < text.length()) {
                        d = text.charAt(i++);
                    }
                    value.append(d);
                }
                out.add(new Token("string", value.toString()));
            } else if (c == '!' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                out.add(new Token("op", "!="));
                i += 2;
            } else if ("=:(),.".indexOf(c) >= 0) {
                out.add(new Token("op", String.valueOf(c)));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                int start = i;
                while (i < text.length()
                        && (Character.isLetterOrDigit(text.charAt(i))
                                || text.charAt(i) == '_'
                                || text.charAt(i) == '-')) {
                    i++;
                }
                out.add(new Token("word", text.substring(start, i)));
            } else {
                throw ResourceNames.invalid("Invalid filter: unexpected character '" + c + "'.");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- grammar

    private static final class Parser {
        private final List<Token> tokens;
        private int at;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean atEnd() {
            return at >= tokens.size();
        }

        Token peek() {
            return atEnd() ? new Token("end", "end of filter") : tokens.get(at);
        }

        RuntimeException error(String what) {
            return ResourceNames.invalid("Invalid filter: " + what + ".");
        }

        boolean isWord(String word) {
            return !atEnd() && peek().kind().equals("word") && peek().text().equals(word);
        }

        void expect(String op) {
            Token t = peek();
            if (!t.kind().equals("op") || !t.text().equals(op)) {
                throw error("expected '" + op + "' but found " + t);
            }
            at++;
        }

        /** term (AND term)* | term (OR term)* — never both at one level. */
        SubscriptionFilter expression() {
            SubscriptionFilter first = term();
            String joiner = null;
            List<SubscriptionFilter> all = new ArrayList<>(List.of(first));
            while (isWord("AND") || isWord("OR")) {
                String word = peek().text();
                if (joiner != null && !joiner.equals(word)) {
                    throw error("AND and OR together need parentheses");
                }
                joiner = word;
                at++;
                all.add(term());
            }
            if (joiner == null) {
                return first;
            }
            boolean and = joiner.equals("AND");
            return new SubscriptionFilter() {
                @Override
                boolean matches(Map<String, String> attributes) {
                    for (SubscriptionFilter f : all) {
                        if (f.matches(attributes) != and) {
                            return !and;
                        }
                    }
                    return and;
                }
            };
        }

        SubscriptionFilter term() {
            if (isWord("NOT")) {
                at++;
                SubscriptionFilter inner = term();
                return new SubscriptionFilter() {
                    @Override
                    boolean matches(Map<String, String> attributes) {
                        return !inner.matches(attributes);
                    }
                };
            }
            Token t = peek();
            if (t.kind().equals("op") && t.text().equals("(")) {
                at++;
                SubscriptionFilter inner = expression();
                expect(")");
                return inner;
            }
            if (isWord("hasPrefix")) {
                at++;
                expect("(");
                attributesWord();
                expect(".");
                String key = key();
                expect(",");
                String prefix = string();
                expect(")");
                return new SubscriptionFilter() {
                    @Override
                    boolean matches(Map<String, String> attributes) {
                        String value = attributes.get(key);
                        return value != null && value.startsWith(prefix);
                    }
                };
            }
            attributesWord();
            Token op = peek();
            if (op.kind().equals("op") && op.text().equals(":")) {
                at++;
                String key = key();
                return new SubscriptionFilter() {
                    @Override
                    boolean matches(Map<String, String> attributes) {
                        return attributes.containsKey(key);
                    }
                };
            }
            expect(".");
            String key = key();
            Token comparison = peek();
            if (!comparison.kind().equals("op")
                    || !(comparison.text().equals("=") || comparison.text().equals("!="))) {
                throw error("expected '=' or '!=' after attributes." + key + " but found " + comparison);
            }
            at++;
            String value = string();
            boolean equal = comparison.text().equals("=");
            return new SubscriptionFilter() {
                @Override
                boolean matches(Map<String, String> attributes) {
                    // as the service: != also holds for a message without the attribute
                    return value.equals(attributes.get(key)) == equal;
                }
            };
        }

        void attributesWord() {
            if (!isWord("attributes")) {
                throw error("expected attributes, hasPrefix, NOT or '(' but found " + peek());
            }
            at++;
        }

        String key() {
            Token t = peek();
            if (t.kind().equals("word") || t.kind().equals("string")) {
                at++;
                return t.text();
            }
            throw error("expected an attribute name but found " + t);
        }

        String string() {
            Token t = peek();
            if (!t.kind().equals("string")) {
                throw error("expected a quoted string but found " + t);
            }
            at++;
            return t.text();
        }
    }
}
