package org.sacredcouncil.edge.http;

import org.sacredcouncil.edge.artifacts.ArtifactRoutes;

/**
 * Maps method and path to an {@link EdgeRoute}. Rules are checked top to bottom; the first match wins, so
 * an edge-served path is listed before the {@code /v1/} catch-all that forwards to an origin.
 */
public final class EdgeRouter {

    private EdgeRouter() {}

    public static int route(String method, String path) {
        if (path.equals("/v1/field")) {
            return isRead(method) ? EdgeRoute.FIELD : EdgeRoute.METHOD_NOT_ALLOWED;
        }
        if (path.equals("/v1/openapi.json")) {
            return isRead(method) ? EdgeRoute.OPENAPI : EdgeRoute.METHOD_NOT_ALLOWED;
        }
        if (ArtifactRoutes.handles(method, path)) {
            return EdgeRoute.ARTIFACTS;
        }
        if (path.startsWith("/v1/")) {
            return EdgeRoute.PROXY;
        }
        return EdgeRoute.NOT_FOUND;
    }

    public static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** Writes are everything but the safe methods: the low-coherence pause applies to them only. */
    public static boolean isWrite(String method) {
        return !(isRead(method) || method.equals("OPTIONS"));
    }
}
