package org.sacredcouncil.core.glyph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns text into index terms: lower-case, split on anything that is not a letter or digit (apostrophes inside
 * a word are dropped, so "don't" is "dont"), stop words removed, and a light stemmer so that plurals and common
 * inflections meet ("fears", "feared", "fearful" -> "fear"). A small table of irregular forms and near synonyms
 * joins words no suffix rule can ("grateful", "gratitude", "thanks" -> "thank"; "afraid", "scared" -> "fear").
 *
 * <p>Only char arithmetic and lookups: no regex, no locale, the same terms under the JVM and TeaVM.
 */
final class GlyphTerms {

    private static final int MIN_TERM_LENGTH = 2;

    private static final String[] STOP_WORDS = {
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "dont",
        "down",
        "during",
        "each",
        "even",
        "every",
        "few",
        "for",
        "from",
        "further",
        "get",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "i",
        "if",
        "im",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "ive",
        "just",
        "let",
        "lets",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "really",
        "same",
        "shall",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "will",
        "with",
        "would",
        "you",
        "youre",
        "your",
        "yours",
        "yourself",
        "yourselves"
    };

    /** Irregular forms and near synonyms, mapped straight to the term they share. */
    private static final String[][] LEMMAS = {
        {"thanks", "thank"},
        {"thankful", "thank"},
        {"thanked", "thank"},
        {"thanking", "thank"},
        {"grateful", "thank"},
        {"gratefully", "thank"},
        {"gratitude", "thank"},
        {"appreciate", "thank"},
        {"appreciated", "thank"},
        {"appreciates", "thank"},
        {"appreciating", "thank"},
        {"appreciation", "thank"},
        {"appreciative", "thank"},
        {"thx", "thank"},
        {"ty", "thank"},
        {"afraid", "fear"},
        {"scared", "fear"},
        {"scary", "fear"},
        {"frightened", "fear"},
        {"fearful", "fear"},
        {"terrified", "fear"},
        {"anxious", "anxiety"},
        {"anxieties", "anxiety"},
        {"worried", "worry"},
        {"worries", "worry"},
        {"worrying", "worry"},
        {"grief", "griev"},
        {"grieve", "griev"},
        {"grieving", "griev"},
        {"grieved", "griev"},
        {"lost", "loss"},
        {"losing", "loss"},
        {"lose", "loss"},
        {"failure", "fail"},
        {"failures", "fail"},
        {"intend", "intent"},
        {"intends", "intent"},
        {"intended", "intent"},
        {"intention", "intent"},
        {"intentions", "intent"},
        {"gave", "giv"},
        {"given", "giv"},
        {"gifted", "gift"},
        {"understanding", "understand"},
        {"understood", "understand"},
        {"brave", "courag"},
        {"bravery", "courag"},
        {"courageous", "courag"},
        {"died", "death"},
        {"dead", "death"},
        {"dying", "death"},
        {"sad", "sadness"},
        {"sorrowful", "sorrow"},
        {"began", "begin"},
        {"begun", "begin"},
        {"ended", "end"},
        {"ending", "end"},
        {"endings", "end"},
        {"questions", "question"},
        {"questioning", "question"},
        {"asked", "ask"},
        {"asking", "ask"},
        {"unsure", "doubt"},
        {"uncertain", "doubt"},
        {"uncertainty", "doubt"},
        {"doubtful", "doubt"},
        {"disagreement", "disagre"},
        {"disagree", "disagre"},
        {"disagreed", "disagre"},
        {"disagrees", "disagre"},
        {"disagreeing", "disagre"},
        {"healthy", "health"},
        {"healed", "heal"},
        {"heals", "heal"},
        {"happy", "happi"},
        {"happiness", "happi"},
        {"happier", "happi"},
        {"patient", "patienc"},
        {"patiently", "patienc"},
        {"impatient", "patienc"},
        {"children", "child"},
        {"people", "person"},
        {"men", "man"},
        {"women", "woman"}
    };

    private static final Set<String> STOPS = new HashSet<>();
    private static final Map<String, String> LEMMA_TABLE = new HashMap<>();

    static {
        for (String word : STOP_WORDS) {
            STOPS.add(word);
        }
        for (String[] pair : LEMMAS) {
            LEMMA_TABLE.put(pair[0], pair[1]);
        }
    }

    private GlyphTerms() {}

    /** The terms of a text, in text order, repeats kept (the caller counts them). */
    static List<String> analyze(String text) {
        List<String> terms = new ArrayList<>();
        if (text == null) {
            return terms;
        }
        StringBuilder word = new StringBuilder();
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                word.append(Character.toLowerCase(c));
            } else if (isApostrophe(c)
                    && word.length() > 0
                    && i + 1 < length
                    && Character.isLetterOrDigit(text.charAt(i + 1))) {
                continue;
            } else {
                addTerm(word, terms);
            }
        }
        addTerm(word, terms);
        return terms;
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019';
    }

    private static void addTerm(StringBuilder word, List<String> terms) {
        if (word.length() == 0) {
            return;
        }
        String raw = word.toString();
        word.setLength(0);
        if (raw.length() < MIN_TERM_LENGTH || STOPS.contains(raw)) {
            return;
        }
        terms.add(stem(raw));
    }

    /** The stem of one lower-case word. */
    static String stem(String word) {
        String lemma = LEMMA_TABLE.get(word);
        if (lemma != null) {
            return lemma;
        }
        if (!isAlphabetic(word)) {
            return word;
        }
        String stem = plural(word);
        String suffixless = suffix(stem);
        if (suffixless != stem) {
            stem = suffixless;
        }
        if (stem.length() > 3 && stem.charAt(stem.length() - 1) == 'e') {
            stem = stem.substring(0, stem.length() - 1);
        }
        lemma = LEMMA_TABLE.get(stem);
        return lemma != null ? lemma : stem;
    }

    private static boolean isAlphabetic(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private static String plural(String word) {
        int n = word.length();
        if (n > 4 && word.endsWith("ies")) {
            return word.substring(0, n - 3) + "y";
        }
        if (word.endsWith("sses")) {
            return word.substring(0, n - 2);
        }
        if (n > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) {
            return word.substring(0, n - 1);
        }
        return word;
    }

    /** Strips one derivational or inflectional suffix; returns the same instance when none applies. */
    private static String suffix(String word) {
        int n = word.length();
        if (n > 5 && word.endsWith("ied")) {
            return word.substring(0, n - 3) + "y";
        }
        if (word.endsWith("ing") && hasVowel(word, n - 3) && n - 3 >= 3) {
            return undouble(word.substring(0, n - 3));
        }
        if (word.endsWith("ed") && !word.endsWith("eed") && hasVowel(word, n - 2) && n - 2 >= 3) {
            return undouble(word.substring(0, n - 2));
        }
        if (word.endsWith("ness") && n - 4 >= 3) {
            return word.substring(0, n - 4);
        }
        if (word.endsWith("ful") && n - 3 >= 3) {
            return word.substring(0, n - 3);
        }
        if (word.endsWith("ment") && n - 4 >= 4) {
            return word.substring(0, n - 4);
        }
        if (word.endsWith("ation") && n - 5 >= 4) {
            return word.substring(0, n - 5);
        }
        if (word.endsWith("ous") && n - 3 >= 4) {
            return word.substring(0, n - 3);
        }
        if (word.endsWith("ly") && n - 2 >= 4) {
            return word.substring(0, n - 2);
        }
        return word;
    }

    private static boolean hasVowel(String word, int end) {
        for (int i = 0; i < end; i++) {
            char c = word.charAt(i);
            if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y') {
                return true;
            }
        }
        return false;
    }

    /** "beginn" -> "begin", "stopp" -> "stop"; doubled l, s and z stay ("fall", "bless", "buzz"). */
    private static String undouble(String stem) {
        int n = stem.length();
        if (n >= 3) {
            char last = stem.charAt(n - 1);
            if (last == stem.charAt(n - 2) && last != 'l' && last != 's' && last != 'z' && isConsonant(last)) {
                return stem.substring(0, n - 1);
            }
        }
        return stem;
    }

    private static boolean isConsonant(char c) {
        return c >= 'a' && c <= 'z' && c != 'a' && c != 'e' && c != 'i' && c != 'o' && c != 'u';
    }
}
