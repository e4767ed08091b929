package org.sacredcouncil.core.text;

/**
 * Case folding for ASCII-only protocol text: region names, header names, media types, continent codes.
 * {@code String.toLowerCase}/{@code toUpperCase} are locale- and Unicode-aware, which under TeaVM means a
 * table lookup per character on every request; these touch only A–Z/a–z and return the same string when
 * nothing changes.
 */
public final class AsciiCase {

    private static final int DISTANCE = 'a' - 'A';

    private AsciiCase() {}

    public static String lower(String s) {
        return fold(s, 'A', 'Z', DISTANCE);
    }

    public static String upper(String s) {
        return fold(s, 'a', 'z', -DISTANCE);
    }

    private static String fold(String s, char from, char to, int shift) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= from && c <= to) {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= from && chars[j] <= to) {
                        chars[j] = (char) (chars[j] + shift);
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}
