package org.sacredcouncil.edge.http;

/**
 * What the edge does with a request. New pages (the dashboard at /, a live stream) become new routes. Plain ints,
 * not an enum: an enum and the switch map of each switch over it cost the bundle more than the routes themselves.
 */
public final class EdgeRoute {
    /** {@code GET|HEAD /v1/field}: answered from the edge's field cache. */
    public static final int FIELD = 0;
    /** {@code GET|HEAD /v1/openapi.json}: the API's description (docs/openapi.json), served by the edge. */
    public static final int OPENAPI = 1;
    /** Artifact upload, serving and deletion (docs/artifacts.md): {@code edge.artifacts.ArtifactRoutes}. */
    public static final int ARTIFACTS = 5;
    /** Any other {@code /v1/...}: forwarded to an origin. */
    public static final int PROXY = 2;
    /** A known path with a method it does not take. */
    public static final int METHOD_NOT_ALLOWED = 3;

    public static final int NOT_FOUND = 4;

    private EdgeRoute() {}
}
