package org.sacredcouncil.edge.artifacts;

import java.util.function.Function;
import org.sacredcouncil.edge.config.ConfigException;
import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.http.ClientResponses;
import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.number.WholeNumbers;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.R2Bucket;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.teavm.jso.core.JSPromise;

/**
 * The artifact routes the edge answers itself (docs/artifacts.md): the upload ({@code POST /v1/artifacts}),
 * serving from R2 ({@code GET|HEAD /v1/artifacts/<sha256>}) and deletion ({@code DELETE /v1/artifacts/<id>},
 * forwarded to heart first). The listing ({@code GET /v1/artifacts?...}) is heart's and goes through the proxy.
 */
public final class ArtifactRoutes {

    static final String PATH = "/v1/artifacts";
    static final String PREFIX = "/v1/artifacts/";
    /** R2 keys: {@code artifacts/<sha256>} (docs/artifacts.md#model). */
    static final String KEY_PREFIX = "artifacts/";

    /** docs/artifacts.md#config: 5 MiB unless {@code ARTIFACT_MAX_BYTES} says otherwise. */
    public static final int DEFAULT_MAX_BYTES = 5_242_880;

    /** null: not bound, every artifact route answers {@code 503 artifacts_unavailable}. */
    final R2Bucket bucket;

    final int maxBytes;
    final int bodyTimeoutMillis;

    public ArtifactRoutes(R2Bucket bucket, Function<String, String> vars, int bodyTimeoutMillis) {
        this.bucket = bucket;
        this.maxBytes = maxBytes(vars.apply("ARTIFACT_MAX_BYTES"));
        this.bodyTimeoutMillis = bodyTimeoutMillis;
    }

    /** Whether the edge answers the request here rather than forwarding it (docs/artifacts.md). */
    public static boolean handles(String method, String path) {
        return path.startsWith(PREFIX) || isUpload(method, path);
    }

    /** The upload reads its own body, bounded by {@code ARTIFACT_MAX_BYTES}, not by {@code MAX_BODY_BYTES}. */
    public static boolean isUpload(String method, String path) {
        return method.equals("POST") && path.equals(PATH);
    }

    public JSPromise<Response> handle(Request request, RequestTarget target, ArtifactFlow flow) {
        if (bucket == null) {
            return JSPromise.resolve(ClientResponses.error(
                    503,
                    "artifacts_unavailable",
                    "no artifact bucket (ARTIFACTS) is bound to this edge",
                    flow.headers()));
        }
        String method = request.getMethod();
        if (isUpload(method, target.path())) {
            return new ArtifactUpload(this, request, flow).start();
        }
        String id = target.path().substring(PREFIX.length());
        if (method.equals("GET") || method.equals("HEAD")) {
            return new ArtifactServing(bucket, request, id, flow).start();
        }
        if (method.equals("DELETE")) {
            return new ArtifactDeletion(bucket, target, request, flow).start();
        }
        Headers headers = flow.headers();
        headers.set("allow", "GET, HEAD, DELETE");
        return JSPromise.resolve(ClientResponses.error(
                405, "method_not_allowed", method + " is not allowed on " + target.path(), headers));
    }

    /** 64 lowercase hex digits: a blob's address (docs/artifacts.md#model). */
    static boolean isSha256(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int at = 0; at < 64; at++) {
            char c = text.charAt(at);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Error answers of the artifact routes are never stored by a cache (the blobs' own answers are, for a year). */
    static Response error(int status, String code, String message, String field, ArtifactFlow flow) {
        Headers headers = flow.headers();
        headers.set(EdgeHeaders.CACHE_CONTROL, "no-store");
        return ClientResponses.error(status, code, message, field, headers);
    }

    private static int maxBytes(String text) {
        if (text == null || text.trim().isEmpty()) {
            return DEFAULT_MAX_BYTES;
        }
        try {
            int value = WholeNumbers.parseInt(text.trim());
            if (value >= 1 && value <= 100 * 1024 * 1024) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below names the var
        }
        throw new ConfigException("ARTIFACT_MAX_BYTES must be a whole number of bytes from 1 to 104857600");
    }
}
