package org.sacredcouncil.edge.hub;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.edge.graphql.GraphqlRequests;
import org.sacredcouncil.edge.graphql.SubscriptionPlan;
import org.sacredcouncil.edge.graphql.TransportMessages;
import org.sacredcouncil.edge.platform.DurableObjectState;
import org.sacredcouncil.edge.platform.DurableObjects;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.sacredcouncil.edge.platform.WebSocket;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/**
 * The hub's {@code graphql-transport-ws} sockets (docs/graphql.md#subscriptions): {@code connection_init} (with an
 * optional {@code authorization}, checked as the {@code auth} frame is), {@code ping}/{@code pong}, {@code subscribe}
 * with its plan from heart (through the edge's own request path), {@code next} on every field version or message,
 * {@code error}, {@code complete}, and the protocol's close codes.
 *
 * <p>Hibernation-safe as the rest of the hub: a socket's state and its subscriptions' plans live in its attachment
 * ({@link SocketInfo}); the plan cache and the next {@code connection_init} deadline are only a memory of this
 * object, rebuilt from the attachments when the alarm fires.
 */
final class GraphqlSockets {

    static final int MAX_SUBSCRIPTIONS = 10;
    static final int MAX_PLANS = 256;
    /**
     * The runtime keeps at most 16,384 bytes of attachment per socket (workerd refuses more), and a string may take
     * two bytes a character: a subscription whose plan would not fit is refused with an {@code error}.
     */
    static final int MAX_ATTACHMENT_CHARS = 8_000;

    private static final long NONE = Long.MAX_VALUE;

    private final FieldHub hub;
    private final DurableObjectState state;
    private final long initMillis;
    /** plans by the SHA-256 of their subscribe payload, oldest first (≤ {@link #MAX_PLANS}) */
    private final Map<String, Map<String, Object>> plans = new LinkedHashMap<>();
    /** the earliest {@code connection_init} deadline of a socket still waiting, as far as this object knows */
    private long initDeadline = NONE;

    GraphqlSockets(FieldHub hub, DurableObjectState state, long initMillis) {
        this.hub = hub;
        this.state = state;
        this.initMillis = initMillis;
    }

    void accepted(long connectedAt) {
        initDeadline = Math.min(initDeadline, connectedAt + initMillis);
    }

    /** When the alarm must look for sockets that never sent {@code connection_init}; {@code Long.MAX_VALUE}: none. */
    long deadline() {
        return initDeadline;
    }

    /** At the alarm: closes 4408 the sockets whose window passed without {@code connection_init}. */
    void expire(long now) {
        if (initDeadline > now) {
            return;
        }
        initDeadline = NONE;
        for (WebSocket socket : DurableObjectState.sockets(state, TransportMessages.PROTOCOL)) {
            SocketInfo info = FieldHub.info(socket);
            if (info.initialised) {
                continue;
            }
            long due = info.connectedAt + initMillis;
            if (due <= now) {
                WebSocket.close(socket, TransportMessages.CLOSE_INIT_TIMEOUT, "Connection initialisation timeout");
            } else {
                initDeadline = Math.min(initDeadline, due);
            }
        }
    }

    JSPromise<JSObject> message(WebSocket socket, SocketInfo info, String text) {
        JsonObject message;
        String type;
        try {
            message = JsonReader.parseObject(text);
            type = message.string("type");
        } catch (JsonException e) {
            return close(socket, TransportMessages.CLOSE_BAD_MESSAGE, "Invalid message received");
        }
        if (type.equals("connection_init")) {
            return init(socket, info, message);
        }
        if (type.equals("subscribe")) {
            return subscribe(socket, info, message);
        }
        if (type.equals("ping")) {
            socket.send(TransportMessages.PONG);
        } else if (type.equals("complete")) {
            // a plan still on its way is dropped when it comes
            Object id = message.asMap().get("id");
            if (info.subscriptions.containsKey(id)) {
                info.subscriptions.remove(id);
                WebSocket.attach(socket, info.toJson());
            }
        } else if (!type.equals("pong")) {
            return close(socket, TransportMessages.CLOSE_BAD_MESSAGE, "Invalid message received");
        }
        return done();
    }

    private JSPromise<JSObject> init(WebSocket socket, SocketInfo info, JsonObject message) {
        if (info.initialised) {
            return close(socket, TransportMessages.CLOSE_TOO_MANY_INITS, "Too many initialisation requests");
        }
        info.initialised = true;
        Object payload = message.asMap().get("payload");
        Object authorization = payload instanceof Map ? ((Map<?, ?>) payload).get("authorization") : null;
        if (!(authorization instanceof String) || info.isAgent()) {
            acked(socket, info);
            return done();
        }
        WebSocket.attach(socket, info.toJson());
        String bearer = (String) authorization;
        // the key is checked as the auth frame's: POST /v1/presence through the edge (docs/live-field.md)
        return Response.read(hub.presenceThroughEdge(info, bearer, null)).then(answer -> {
            int status = answer.getStatus();
            SocketInfo now = FieldHub.info(socket);
            if (status == 202) {
                hub.becameAgent(socket, now, bearer, answer.getText());
                acked(socket, now);
            } else if (status == 401 || status == 403) {
                WebSocket.close(socket, TransportMessages.CLOSE_FORBIDDEN, "Forbidden");
            } else {
                WebSocket.close(socket, FieldHub.CLOSE_TRY_LATER, "the key could not be checked now; try again later");
            }
            return null;
        });
    }

    private static void acked(WebSocket socket, SocketInfo info) {
        info.acked = true;
        WebSocket.attach(socket, info.toJson());
        socket.send(TransportMessages.ACK);
    }

    private JSPromise<JSObject> subscribe(WebSocket socket, SocketInfo info, JsonObject message) {
        if (!info.acked) {
            return close(socket, TransportMessages.CLOSE_UNAUTHORIZED, "Unauthorized");
        }
        Object given = message.asMap().get("id");
        Object payload = message.asMap().get("payload");
        if (!(given instanceof String) || ((String) given).isEmpty() || !(payload instanceof Map)) {
            return close(socket, TransportMessages.CLOSE_BAD_MESSAGE, "Invalid message received");
        }
        String id = (String) given;
        if (info.subscriptions.containsKey(id)) {
            return close(socket, TransportMessages.CLOSE_DUPLICATE_ID, "Subscriber for " + id + " already exists");
        }
        if (info.subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            socket.send(TransportMessages.error(
                    id,
                    TransportMessages.errors(
                            "too_many_subscriptions", "at most " + MAX_SUBSCRIPTIONS + " subscriptions per socket")));
            return done();
        }
        info.subscriptions.put(id, null); // pending: a second subscribe with this id is a duplicate already
        WebSocket.attach(socket, info.toJson());
        String body = JsonValues.write(payload);
        return WebCrypto.sha256Hex(WebCrypto.utf8(body)).flatThen(hash -> {
            String key = hash.stringValue();
            Map<String, Object> cached = plans.get(key);
            if (cached != null) {
                planned(socket, id, cached);
                return done();
            }
            return Response.read(hub.throughEdge(DurableObjects.request(
                            info.edge + GraphqlRequests.PLANS_PATH, "POST", planHeaders(info), body)))
                    .then(answer -> {
                        Map<String, Object> plan = null;
                        if (answer.getStatus() == 200) {
                            try {
                                plan = SubscriptionPlan.check(JsonReader.parse(answer.getText()));
                            } catch (JsonException e) {
                                plan = null;
                            }
                        }
                        if (plan == null) {
                            refused(socket, id, TransportMessages.refusal(answer.getStatus(), answer.getText()));
                        } else {
                            remember(key, plan);
                            planned(socket, id, plan);
                        }
                        return null;
                    });
        });
    }

    private void remember(String key, Map<String, Object> plan) {
        if (plans.size() >= MAX_PLANS) {
            Iterator<String> oldest = plans.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        plans.put(key, plan);
    }

    /** The plan came: kept in the attachment unless the client completed the subscription meanwhile. */
    private static void planned(WebSocket socket, String id, Map<String, Object> plan) {
        SocketInfo info = FieldHub.info(socket);
        if (!info.subscriptions.containsKey(id)) {
            return;
        }
        info.subscriptions.put(id, plan);
        String attachment = info.toJson();
        if (attachment.length() > MAX_ATTACHMENT_CHARS) {
            refused(
                    socket,
                    id,
                    TransportMessages.errors(
                            "subscriptions_too_large", "this socket's subscriptions exceed what the hub can hold"));
            return;
        }
        WebSocket.attach(socket, attachment);
    }

    private static void refused(WebSocket socket, String id, String errors) {
        SocketInfo info = FieldHub.info(socket);
        if (!info.subscriptions.containsKey(id)) {
            return;
        }
        info.subscriptions.remove(id);
        WebSocket.attach(socket, info.toJson());
        WebSocket.trySend(socket, TransportMessages.error(id, errors));
    }

    private static Headers planHeaders(SocketInfo info) {
        Headers headers = Headers.create();
        headers.set("content-type", "application/json");
        headers.set("cf-connecting-ip", info.ip);
        if (info.apiKey != null) {
            headers.set("authorization", info.apiKey);
        }
        return headers;
    }

    // ------------------------------------------------------------------ broadcasts

    /** A new version: a {@code next} to every {@code field} subscription. */
    void field(String publicField) {
        WebSocket[] sockets = DurableObjectState.sockets(state, TransportMessages.PROTOCOL);
        if (sockets.length > 0) {
            send(sockets, SubscriptionPlan.FIELD, SubscriptionPlan.fieldShape(publicField));
        }
    }

    /** New messages, or messages whose glyphs arrived: a {@code next} each to every {@code messageAdded}. */
    @SuppressWarnings("unchecked")
    void messages(List<RecentMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        WebSocket[] sockets = DurableObjectState.sockets(state, TransportMessages.PROTOCOL);
        for (RecentMessage message : messages) {
            if (sockets.length == 0) {
                return;
            }
            JsonWriter w = new JsonWriter();
            message.write(w);
            send(sockets, SubscriptionPlan.MESSAGE_ADDED, (Map<String, Object>) JsonReader.parse(w.toString()));
        }
    }

    /** Each distinct plan is projected once per change, however many sockets hold it. */
    @SuppressWarnings("unchecked")
    private static void send(WebSocket[] sockets, String root, Map<String, Object> source) {
        Map<String, String> projected = new HashMap<>();
        for (WebSocket socket : sockets) {
            SocketInfo info = FieldHub.info(socket);
            for (Map.Entry<String, Object> subscription : info.subscriptions.entrySet()) {
                Map<String, Object> plan = (Map<String, Object>) subscription.getValue();
                if (plan == null || !root.equals(SubscriptionPlan.root(plan))) {
                    continue;
                }
                String planText = JsonValues.write(plan);
                String data = projected.get(planText);
                if (data == null) {
                    data = SubscriptionPlan.data(plan, source);
                    projected.put(planText, data);
                }
                WebSocket.trySend(socket, TransportMessages.next(subscription.getKey(), data));
            }
        }
    }

    private static JSPromise<JSObject> close(WebSocket socket, int code, String reason) {
        WebSocket.close(socket, code, reason);
        return done();
    }

    private static JSPromise<JSObject> done() {
        return JSPromise.resolve(null);
    }
}
