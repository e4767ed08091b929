package org.sacredcouncil.core.glyph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sacredcouncil.core.message.MessageType;

/**
 * Suggests glyphs for a message, offline and deterministically, by TF-IDF cosine similarity.
 *
 * <p>Each glyph is a document: its name and keywords count {@value #KEYWORD_WEIGHT} times, its meaning once.
 * Term weights are {@code ln(1 + tf) * idf} with {@code idf = 1 + ln(N / df)} over the catalog, and every
 * document vector is L2-normalised. The query is the message text plus a few terms of the message type (each at
 * {@value #TYPE_TERM_WEIGHT} the weight of a text word, so the text leads and the type steers); words that occur
 * in no glyph are ignored. A glyph scores
 * {@code (1 - AFFINITY_BOOST) * cosine + AFFINITY_BOOST * (glyph has affinity with the type ? 1 : 0)}, which is
 * within [0, 1]. When nothing in the query matches, the cosine is 0 everywhere and the type's own glyphs lead with
 * the boost alone as their (low) score, so a message always gets k glyphs.
 *
 * <p>Scores are rounded to 1e-6 and ties are broken by glyph name, so the JVM and the TeaVM build (whose
 * {@code Math.log} may differ in the last bit) return the same list. Iteration is over sorted terms only.
 */
public final class GlyphRecommender {

    /** Weight of a name or keyword occurrence relative to a word of the meaning sentence. */
    public static final double KEYWORD_WEIGHT = 2.0;
    /** Weight of each message-type term relative to a word of the message text. */
    public static final double TYPE_TERM_WEIGHT = 0.2;
    /** Share of the score given to the glyph's affinity with the message type. */
    public static final double AFFINITY_BOOST = 0.1;

    private static final double SCORE_QUANTUM = 1e6;

    private final GlyphCatalog catalog;
    private final Map<String, Integer> termIndex;
    private final double[] idf;
    /** Normalised document vectors, dense over the vocabulary (a few hundred terms). */
    private final double[][] documents;

    public GlyphRecommender(GlyphCatalog catalog) {
        if (catalog == null) {
            throw new IllegalArgumentException("catalog must not be null");
        }
        this.catalog = catalog;
        List<Glyph> glyphs = catalog.all();
        List<TreeMap<String, Double>> counts = new ArrayList<>();
        TreeMap<String, Integer> documentFrequency = new TreeMap<>();
        for (Glyph glyph : glyphs) {
            TreeMap<String, Double> tf = new TreeMap<>();
            add(tf, GlyphTerms.analyze(glyph.name()), KEYWORD_WEIGHT);
            for (String keyword : glyph.keywords()) {
                add(tf, GlyphTerms.analyze(keyword), KEYWORD_WEIGHT);
            }
            add(tf, GlyphTerms.analyze(glyph.meaning()), 1.0);
            counts.add(tf);
            for (String term : tf.keySet()) {
                Integer df = documentFrequency.get(term);
                documentFrequency.put(term, df == null ? 1 : df + 1);
            }
        }
        this.termIndex = new TreeMap<>();
        this.idf = new double[documentFrequency.size()];
        int index = 0;
        double n = glyphs.size();
        for (Map.Entry<String, Integer> entry : documentFrequency.entrySet()) {
            termIndex.put(entry.getKey(), index);
            idf[index] = 1.0 + Math.log(n / entry.getValue());
            index++;
        }
        this.documents = new double[glyphs.size()][];
        for (int d = 0; d < glyphs.size(); d++) {
            documents[d] = vector(counts.get(d));
        }
    }

    /** The catalog this recommender ranks. */
    public GlyphCatalog catalog() {
        return catalog;
    }

    /**
     * The k best glyphs for a message, best first (score descending, then glyph name ascending).
     *
     * @param text the message text; may be empty, not null
     * @param type the message type, or null when unknown (then no type terms and no affinity boost)
     * @param k how many glyphs, 1 to {@code catalog().size()}
     */
    public List<GlyphRecommendation> recommend(String text, MessageType type, int k) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null (use \"\" for no text)");
        }
        if (k < 1 || k > catalog.size()) {
            throw new IllegalArgumentException("k must be between 1 and " + catalog.size() + ", was " + k);
        }
        TreeMap<String, Double> tf = new TreeMap<>();
        add(tf, GlyphTerms.analyze(text), 1.0);
        if (type != null) {
            add(tf, GlyphTerms.analyze(typeTerms(type)), TYPE_TERM_WEIGHT);
        }
        double[] query = vector(tf);
        List<Glyph> glyphs = catalog.all();
        List<GlyphRecommendation> ranked = new ArrayList<>(glyphs.size());
        for (int d = 0; d < glyphs.size(); d++) {
            Glyph glyph = glyphs.get(d);
            double cosine = dot(query, documents[d]);
            double affinity = catalog.hasAffinity(glyph, type) ? 1.0 : 0.0;
            double score = (1.0 - AFFINITY_BOOST) * cosine + AFFINITY_BOOST * affinity;
            ranked.add(new GlyphRecommendation(glyph, quantize(score)));
        }
        ranked.sort(GlyphRecommender::compare);
        return List.copyOf(ranked.subList(0, k));
    }

    /** The words each message type adds to the query; every one occurs in the standard catalog. */
    static String typeTerms(MessageType type) {
        switch (type) {
            case BLESSING:
                return "blessing grace goodwill wish";
            case GRATITUDE:
                return "gratitude thanks appreciation";
            case OFFERING:
                return "offering gift give contribution share";
            case INSIGHT:
                return "insight understand clarity realization";
            case INTENTION:
                return "intention aim goal purpose commit";
            case QUESTION:
                return "question ask wonder curiosity";
            case CONCERN:
                return "concern worry fear risk doubt";
            default:
                return "";
        }
    }

    /** Whether the term occurs in some glyph of the catalog (for tests and diagnostics). */
    boolean knows(String term) {
        return termIndex.containsKey(term);
    }

    private static int compare(GlyphRecommendation a, GlyphRecommendation b) {
        int byScore = Double.compare(b.score(), a.score());
        return byScore != 0 ? byScore : a.glyph().name().compareTo(b.glyph().name());
    }

    private static void add(TreeMap<String, Double> tf, List<String> terms, double weight) {
        for (String term : terms) {
            Double count = tf.get(term);
            tf.put(term, count == null ? weight : count + weight);
        }
    }

    /** Weights {@code ln(1 + tf) * idf}, L2-normalised; terms outside the vocabulary are dropped. */
    private double[] vector(TreeMap<String, Double> tf) {
        double[] vector = new double[idf.length];
        double squares = 0.0;
        for (Map.Entry<String, Double> entry : tf.entrySet()) {
            Integer index = termIndex.get(entry.getKey());
            if (index == null) {
                continue;
            }
            double weight = Math.log(1.0 + entry.getValue()) * idf[index];
            vector[index] = weight;
            squares += weight * weight;
        }
        if (squares > 0.0) {
            double norm = Math.sqrt(squares);
            for (int i = 0; i < vector.length; i++) {
                vector[i] = vector[i] / norm;
            }
        }
        return vector;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double quantize(double score) {
        double clamped = score < 0.0 ? 0.0 : (score > 1.0 ? 1.0 : score);
        return Math.floor(clamped * SCORE_QUANTUM + 0.5) / SCORE_QUANTUM;
    }
}
