package org.sacredcouncil.emulator.firestore.value;

import java.util.ArrayList;
import java.util.List;

/** A field path as Firestore writes it: dot-separated, segments optionally quoted with backticks. */
public record FieldPath(List<String> segments) implements Comparable<FieldPath> {
    public static final String NAME = "__name__";

    public static FieldPath parse(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("Empty field path");
        }
        List<String> segs = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '`') {
                i++;
                boolean closed = false;
                while (i < path.length()) {
                    char q = path.charAt(i);
                    if (q == '\\' && i + 1 < path.length()) {
                        cur.append(path.charAt(i + 1));
                        i += 2;
                    } else if (q == '`') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        cur.append(q);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("Unterminated backtick in field path: " + path);
                }
            } else if (c == '.') {
                if (cur.length() == 0) {
                    throw new IllegalArgumentException("Empty segment in field path: " + path);
                }
                segs.add(cur.toString());
                cur.setLength(0);
                i++;
            } else {
                cur.append(c);
                i++;
            }
        }
        if (cur.length() == 0) {
            throw new IllegalArgumentException("Empty segment in field path: " + path);
        }
        segs.add(cur.toString());
        return new FieldPath(List.copyOf(segs));
    }

    public boolean isName() {
        return segments.size() == 1 && segments.get(0).equals(NAME);
    }

    public boolean isPrefixOf(FieldPath other) {
        return other.segments.size() >= segments.size()
                && other.segments.subList(0, segments.size()).equals(segments);
    }

    public String canonical() {
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            if (b.length() > 0) {
                b.append('.');
            }
            if (s.matches("[a-zA-Z_][a-zA-Z_0-9]*")) {
                b.append(s);
            } else {
                b.append('`')
                        .append(s.replace("\\", "\\\\").replace("`", "\\`"))
                        .append('`');
            }
        }
        return b.toString();
    }

    @Override
    public int compareTo(FieldPath o) {
        int n = Math.min(segments.size(), o.segments.size());
        for (int i = 0; i < n; i++) {
            int c = org.sacredcouncil.emulator.firestore.path.Utf8Order.compare(segments.get(i), o.segments.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(segments.size(), o.segments.size());
    }

    @Override
    public String toString() {
        return canonical();
    }
}
