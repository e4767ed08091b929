package org.sacredcouncil.emulator.firestore.path;

/** Firestore orders strings by their UTF-8 bytes; comparing code points gives the same order. */
public final class Utf8Order {
    private Utf8Order() {}

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
