package org.sacredcouncil.core.field;

/** A regional heart origin that the edge may route to, as published in the field state. */
public record Origin(String id, String url, String region, boolean healthy, double coherence) {

    public Origin {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("origin id is required");
        }
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("origin " + id + ": url must be http(s), was " + url);
        }
        if (region == null) {
            region = "";
        }
        if (!(coherence >= 0.0 && coherence <= 1.0)) {
            throw new IllegalArgumentException("origin " + id + ": coherence must be within [0, 1]");
        }
    }
}
