package org.sacredcouncil.edge.http;

/** What the edge does with a request. New pages (the dashboard at /, a live stream) become new routes. */
public enum EdgeRoute {
    /** {@code GET|HEAD /v1/field}: answered from the edge's field cache. */
    FIELD,
    /** {@code GET|HEAD /v1/openapi.json}: the API's description (docs/openapi.json), served by the edge. */
    OPENAPI,
    /** Artifact upload, serving and deletion (docs/artifacts.md): {@code edge.artifacts.ArtifactRoutes}. */
    ARTIFACTS,
    /** Any other {@code /v1/...}: forwarded to an origin. */
    PROXY,
    /** A known path with a method it does not take. */
    METHOD_NOT_ALLOWED,
    NOT_FOUND
}
