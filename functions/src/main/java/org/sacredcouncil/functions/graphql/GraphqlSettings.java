package org.sacredcouncil.functions.graphql;

import org.sacredcouncil.core.pause.PauseConfig;

/**
 * docs/graphql.md#limits and #persisted, from the environment (README, configuration): {@code GRAPHQL_MAX_DEPTH}
 * (8), {@code GRAPHQL_MAX_COMPLEXITY} (500), {@code GRAPHQL_PERSISTED_MAX} (10,000), {@code GRAPHQL_CACHE_SECONDS}
 * (5); the pause's threshold is the edge's ({@code PAUSE_COHERENCE_THRESHOLD}).
 */
public record GraphqlSettings(int maxDepth, int maxComplexity, int persistedMax, int cacheSeconds, PauseConfig pause) {

    /** docs/graphql.md#limits: fixed by the contract, not configurable. */
    static final int MAX_ROOT_FIELDS = 20;

    static final int MAX_FIRST = 100;
    static final int DEFAULT_FIRST = 20;
    /** docs/graphql.md#http: a document is at most 16 KiB (UTF-8). */
    static final int MAX_DOCUMENT_BYTES = 16 * 1024;

    public GraphqlSettings {
        if (maxDepth < 1 || maxComplexity < 1 || persistedMax < 1 || cacheSeconds < 0) {
            throw new IllegalArgumentException("GraphQL limits must be positive");
        }
    }
}
