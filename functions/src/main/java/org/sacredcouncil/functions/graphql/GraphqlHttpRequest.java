package org.sacredcouncil.functions.graphql;

import java.util.function.UnaryOperator;

/**
 * What the GraphQL endpoint reads of heart's HTTP request.
 *
 * @param parameter a query parameter's first value, raw (a document has newlines, which heart's label check
 *     for ordinary parameters refuses), null when absent
 * @param authorized the request carries {@code Authorization} (docs/graphql.md#persisted: then never public)
 * @param fieldCoherence the edge's signed {@code X-Field-Coherence}, null when absent (docs/graphql.md#limits-at-edge)
 */
public record GraphqlHttpRequest(
        String method,
        UnaryOperator<String> parameter,
        byte[] body,
        String contentType,
        boolean authorized,
        String fieldCoherence) {}
