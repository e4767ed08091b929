package org.sacredcouncil.edge.hub;

import org.sacredcouncil.edge.graphql.TransportMessages;
import org.sacredcouncil.edge.http.ClientResponses;
import org.sacredcouncil.edge.log.LogLine;
import org.sacredcouncil.edge.platform.ClientBody;
import org.sacredcouncil.edge.platform.DurableObjects;
import org.sacredcouncil.edge.platform.Env;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.teavm.jso.core.JSPromise;

/**
 * The Worker's two hub routes (docs/live-field.md): {@code GET /v1/live} (the socket, handed to the hub as is)
 * and {@code POST /internal/hub/feed} (checked here — size, HMAC, clock — then handed over). Nothing else under
 * {@code /internal/} is served.
 */
public final class HubRoutes {

    public static final String LIVE_PATH = "/v1/live";
    public static final String FEED_PATH = "/internal/hub/feed";
    public static final String BINDING = "HUB";
    public static final String INSTANCE = "global";
    public static final int MAX_FEED_BYTES = 256 * 1024;
    static final long MAX_CLOCK_SKEW_MILLIS = 300_000;
    static final int FEED_BODY_TIMEOUT_MILLIS = 10_000;

    private HubRoutes() {}

    /** Cheap test on the raw URL first: every request of the Worker passes here. */
    public static boolean handles(Request request) {
        String url = request.getUrl();
        if (url.indexOf("/v1/live") < 0 && url.indexOf("/internal/") < 0) {
            return false;
        }
        String path = Request.pathOf(request);
        return path.equals(LIVE_PATH) || path.startsWith("/internal/");
    }

    public static JSPromise<Response> handle(Request request, Env env) {
        String path = Request.pathOf(request);
        String method = request.getMethod();
        if (path.equals(LIVE_PATH)) {
            return live(request, env, method);
        }
        if (!path.equals(FEED_PATH)) {
            return error(404, "not_found", "no such path: " + path, null);
        }
        if (!method.equals("POST")) {
            return error(405, "method_not_allowed", method + " is not allowed on " + path + "; use POST", null);
        }
        return feed(request, env);
    }

    private static JSPromise<Response> live(Request request, Env env, String method) {
        Headers headers = request.getHeaders();
        if (!method.equals("GET")) {
            return error(405, "method_not_allowed", method + " is not allowed on " + LIVE_PATH + "; use GET", null);
        }
        String upgrade = headers.get("upgrade");
        if (upgrade == null
                || !org.sacredcouncil.core.text.AsciiCase.lower(upgrade.trim()).equals("websocket")) {
            return error(
                    426, "upgrade_required", "GET /v1/live is a WebSocket: send Upgrade: websocket", "header:Upgrade");
        }
        String offered = headers.get("sec-websocket-protocol");
        if (!offers(offered, Frames.PROTOCOL)
                && !offers(offered, Frames.PROTOCOL_V2)
                && !offers(offered, TransportMessages.PROTOCOL)) {
            return error(
                    400,
                    "unsupported_protocol",
                    "offer the subprotocol sacred.v2, sacred.v1 or graphql-transport-ws",
                    "header:Sec-WebSocket-Protocol");
        }
        if (!DurableObjects.bound(env, BINDING)) {
            return error(503, "live_unavailable", "the live field is not configured on this edge", null);
        }
        return DurableObjects.fetch(env, BINDING, INSTANCE, request);
    }

    static boolean offers(String header, String protocol) {
        if (header == null) {
            return false;
        }
        int from = 0;
        while (from <= header.length()) {
            int comma = header.indexOf(',', from);
            int end = comma < 0 ? header.length() : comma;
            if (header.substring(from, end).trim().equals(protocol)) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }

    private static JSPromise<Response> feed(Request request, Env env) {
        String length = request.getHeaders().get("content-length");
        if (length != null && (length.length() > 9 || isNumber(length) && Integer.parseInt(length) > MAX_FEED_BYTES)) {
            return error(
                    413, "payload_too_large", "a feed body may carry at most " + MAX_FEED_BYTES + " bytes", "body");
        }
        String secret = Env.var(env, "HUB_FEED_SECRET");
        String timestamp = request.getHeaders().get("x-hub-timestamp");
        String signature = request.getHeaders().get("x-hub-signature");
        if (!Request.hasBody(request)) {
            return error(400, "bad_request", "the feed body is missing", "body");
        }
        return ClientBody.read(request, MAX_FEED_BYTES, FEED_BODY_TIMEOUT_MILLIS)
                .flatThen(body -> {
                    switch (body.getOutcome()) {
                        case ClientBody.READ:
                            break;
                        case ClientBody.TOO_LARGE:
                            return error(
                                    413,
                                    "payload_too_large",
                                    "a feed body may carry at most " + MAX_FEED_BYTES + " bytes",
                                    "body");
                        case ClientBody.TIMED_OUT:
                            return error(408, "request_timeout", "the feed body did not arrive in time", "body");
                        default:
                            return error(400, "bad_request", "the feed body could not be read", "body");
                    }
                    String text = ClientBody.text(body);
                    String problem = FeedSignature.problem(secret, timestamp, signature, WorkerRuntime.nowMillis());
                    if (problem != null) {
                        return unauthorized(problem);
                    }
                    return WebCrypto.hmacSha256Hex(secret, FeedSignature.signed(timestamp, text))
                            .flatThen(hex -> {
                                if (!FeedSignature.matches(signature, hex.stringValue())) {
                                    return unauthorized("X-Hub-Signature does not match the body");
                                }
                                if (!DurableObjects.bound(env, BINDING)) {
                                    return error(
                                            503,
                                            "live_unavailable",
                                            "the live field is not configured on this edge",
                                            null);
                                }
                                Headers headers = Headers.create();
                                headers.set("content-type", "application/json");
                                return DurableObjects.fetch(
                                        env,
                                        BINDING,
                                        INSTANCE,
                                        DurableObjects.request("https://hub" + FEED_PATH, "POST", headers, text));
                            });
                });
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static JSPromise<Response> unauthorized(String why) {
        WorkerRuntime.log(
                LogLine.warning("hub feed refused").with("reason", why).toJson());
        return error(401, "unauthorized", why, "header:X-Hub-Signature");
    }

    private static JSPromise<Response> error(int status, String code, String message, String field) {
        Headers headers = Headers.create();
        return JSPromise.resolve(
                field == null
                        ? ClientResponses.error(status, code, message, headers)
                        : ClientResponses.error(status, code, message, field, headers));
    }
}
