package org.sacredcouncil.core.json;

/**
 * A small streaming JSON writer. It tracks only whether a comma is due, which is all that valid output
 * needs when callers nest begin/end calls correctly (they are code, not input).
 */
public final class JsonWriter {

    private final StringBuilder out;
    private boolean needsComma;

    public JsonWriter() {
        this(new StringBuilder(256));
    }

    public JsonWriter(StringBuilder out) {
        this.out = out;
    }

    public JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    public JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    public JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    public JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        needsComma = true;
        return this;
    }

    public JsonWriter value(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("JSON cannot carry " + value);
        }
        separate();
        if (value == 0 && 1 / value < 0) {
            out.append("-0"); // (long) -0.0 is 0: keep the sign, so that what is written reads back equal
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        needsComma = true;
        return this;
    }

    public JsonWriter value(long value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    public JsonWriter value(boolean value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        out.append("null");
        needsComma = true;
        return this;
    }

    /** Inserts an already serialized JSON value as is (the caller vouches for it). */
    public JsonWriter rawValue(String json) {
        separate();
        out.append(json);
        needsComma = true;
        return this;
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u");
                        String hex = Integer.toHexString(c);
                        for (int pad = hex.length(); pad < 4; pad++) {
                            out.append('0');
                        }
                        out.append(hex);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
