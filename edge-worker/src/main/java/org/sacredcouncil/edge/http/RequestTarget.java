package org.sacredcouncil.edge.http;

/**
 * Path and query of a request URL, byte for byte as the client sent them: the origin receives exactly this
 * target, and the signature covers it, so nothing is decoded or normalised.
 */
public record RequestTarget(String path, String query) {

    /** @param url an absolute URL ({@code https://host/path?query}), as {@code request.url} gives it */
    public static RequestTarget of(String url) {
        int scheme = url.indexOf("://");
        int pathStart = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (pathStart < 0) {
            return new RequestTarget("/", "");
        }
        int fragment = url.indexOf('#', pathStart);
        String rest = fragment < 0 ? url.substring(pathStart) : url.substring(pathStart, fragment);
        int q = rest.indexOf('?');
        return q < 0 ? new RequestTarget(rest, "") : new RequestTarget(rest.substring(0, q), rest.substring(q));
    }

    /** The path followed by the query with its {@code ?}, when there is one. */
    public String pathAndQuery() {
        return path + query;
    }

    /** The origin URL for this target: the origin's base (a trailing slash dropped) followed by the target. */
    public String on(String originBaseUrl) {
        String base =
                originBaseUrl.endsWith("/") ? originBaseUrl.substring(0, originBaseUrl.length() - 1) : originBaseUrl;
        return base + pathAndQuery();
    }
}
