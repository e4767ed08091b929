package org.sacredcouncil.edge.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.AgentLeft;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.event.PresenceBeat;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.pause.PauseDecision;
import org.sacredcouncil.core.pause.PauseInput;
import org.sacredcouncil.core.pause.PausePolicy;
import org.sacredcouncil.edge.cache.KvCopy;
import org.sacredcouncil.edge.graphql.TransportMessages;
import org.sacredcouncil.edge.http.ClientResponses;
import org.sacredcouncil.edge.log.LogLine;
import org.sacredcouncil.edge.metrics.EdgeMetrics;
import org.sacredcouncil.edge.platform.AnalyticsEngine;
import org.sacredcouncil.edge.platform.DurableObjectState;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.Kv;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.Storage;
import org.sacredcouncil.edge.platform.WebSocket;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/**
 * The Durable Object {@code FieldHub} (docs/live-field.md): folds the feed into the live field, holds the
 * sockets through the WebSocket Hibernation API, and answers agents' frames through the edge's own request path.
 *
 * <p>Hibernation-safe: what a socket needs lives in its attachment ({@link SocketInfo}), what the field needs in
 * storage ({@link HubStore}); this object is rebuilt from both whenever the runtime wakes the hub. Storage writes
 * are not awaited before sending: the runtime's output gate holds every frame and answer until they are durable.
 */
public final class FieldHub {

    /** An auth frame is accepted this long after the connection, as the first frame. */
    static final long AUTH_WINDOW_MILLIS = 10_000;
    /** Cloudflare KV takes one write per second per key. */
    static final long KV_WRITE_INTERVAL_MILLIS = 1_000;

    private static final long NONE = Long.MIN_VALUE;

    public static final int CLOSE_UNSUPPORTED = 1003;
    public static final int CLOSE_POLICY = 1008;
    public static final int CLOSE_TOO_BIG = 1009;
    public static final int CLOSE_TRY_LATER = 1013;
    public static final int CLOSE_AUTH_REFUSED = 4401;
    public static final int CLOSE_AUTH_LATE = 4408;
    public static final int CLOSE_TOO_MANY_FROM_IP = 4429;

    private final DurableObjectState state;
    private final Storage storage;
    private final Kv kv;
    private final HubLimits limits;
    private final PausePolicy pausePolicy;
    private final Function<Request, JSPromise<Response>> edgePath;
    /** EDGE_METRICS (null: unbound): the sockets held, one data point per open and close */
    private final AnalyticsEngine metrics;

    private final LiveField live;
    /** the graphql-transport-ws sockets (docs/graphql.md#subscriptions) */
    private final GraphqlSockets graphql;
    /** presence beats the hub caused for an authenticating socket, by event id: the feed tells whose key it was */
    private final Map<String, WebSocket> pendingBeats = new HashMap<>();
    /** a snapshot over the feed's body limit, part by part (docs/live-field.md#snapshot-parts) */
    private final SnapshotParts snapshotParts = new SnapshotParts();
    /** agents named behind open sockets: id → [open sockets]; their region in {@link #socketAgentRegions} */
    private final Map<String, Integer> socketAgents = new HashMap<>();

    private final Map<String, String> socketAgentRegions = new HashMap<>();
    private int agentSockets;
    private int viewerSockets;
    private String presenceBody;
    private String pauseBody;
    private boolean paused;
    private long lastKvWriteAt;
    private long kvWrittenVersion;
    private long kvDueAt = NONE;
    /** the alarm as this object last set it (unknown after hibernation: set again at the next change) */
    private long alarmAt = NONE;
    /** who was present (per region) in the field last published: expiry is measured against it */
    private String publishedPresence;
    /** the field last published, as KV and storage hold it (with origins), and as sockets see it */
    private String fieldText;

    private String publicFieldText;

    public FieldHub(
            DurableObjectState state,
            Kv kv,
            HubLimits limits,
            PausePolicy pausePolicy,
            Function<Request, JSPromise<Response>> edgePath,
            AnalyticsEngine metrics) {
        this.state = state;
        this.metrics = metrics;
        this.storage = state.getStorage();
        this.kv = kv;
        this.limits = limits;
        this.pausePolicy = pausePolicy;
        this.edgePath = edgePath;
        this.live = new LiveField(CoherenceModel.DEFAULT, limits.presenceWindowMillis());
        this.graphql = new GraphqlSockets(this, state, limits.graphqlInitMillis());
    }

    /** Origins (and so regions) for a field composed before any snapshot or KV copy named its own. */
    public void seedOrigins(List<org.sacredcouncil.core.field.Origin> configured) {
        live.seedOrigins(configured);
    }

    public DurableObjectState state() {
        return state;
    }

    // ------------------------------------------------------------------ load

    /** Rebuilds the hub from storage (and, for a new hub, KV's version floor); run under blockConcurrencyWhile. */
    public JSPromise<JSObject> load() {
        DurableObjectState.autoResponse(state, Frames.PING, Frames.PONG);
        String[] keys = {HubStore.META, HubStore.FIELD, HubStore.CELLS};
        String[] prefixes = {HubStore.FOLDED_PREFIX, HubStore.RECENT_PREFIX, HubStore.PRESENCE_PREFIX};
        return Storage.getAll(storage, keys, prefixes)
                .flatThen(values -> {
                    HubStore.Stored stored = new HubStore.Stored();
                    stored.meta = Storage.at(values, 0);
                    stored.field = Storage.at(values, 1);
                    stored.cells = Storage.at(values, 2);
                    addAll(stored.folded, Storage.listed(values, 0));
                    addAll(stored.recent, Storage.listed(values, 1));
                    addAll(stored.marks, Storage.listed(values, 2));
                    HubStore.restore(live, stored);
                    return stored.meta == null && stored.field == null
                            ? floorFromKv()
                            : JSPromise.resolve((JSObject) null);
                })
                .then(ignored -> {
                    countSockets();
                    long now = now();
                    presenceBody = Frames.presenceBody(live.present(now), agentSockets, viewerSockets);
                    if (live.field() == null) {
                        changed(now, false, new ArrayList<>()); // a new hub: its first version, above KV's
                    } else {
                        decidePause(live.field());
                        // who was present when the stored field was published: one who left since gets a frame
                        publishedPresence = live.presentKey(live.field().updatedAtMillis());
                        armAlarm(now);
                    }
                    return null;
                });
    }

    private static void addAll(List<String> into, String[] values) {
        for (String value : values) {
            into.add(value);
        }
    }

    /** A hub without storage starts above whatever KV holds (coherence may have written it while no hub ran). */
    private JSPromise<JSObject> floorFromKv() {
        if (kv == null) {
            return JSPromise.resolve(null);
        }
        return Kv.getUncached(kv, KvCopy.KEY)
                .then(
                        text -> {
                            adoptKv(text);
                            return null;
                        },
                        error -> null);
    }

    private boolean adoptKv(JSString text) {
        if (text == null) {
            return false;
        }
        try {
            FieldState seen = FieldStateJson.parse(text.stringValue());
            boolean ahead = seen.version() >= live.version();
            live.adoptFloor(seen);
            return ahead;
        } catch (JsonException e) {
            WorkerRuntime.log(LogLine.warning("field state in KV is invalid")
                    .with("reason", e.getMessage())
                    .toJson());
            return false;
        }
    }

    private void countSockets() {
        agentSockets = 0;
        viewerSockets = 0;
        for (WebSocket socket : DurableObjectState.sockets(state)) {
            SocketInfo info = info(socket);
            if (info.isAgent()) {
                agentSockets++;
                addSocketAgent(info);
            } else {
                viewerSockets++;
            }
        }
    }

    // ------------------------------------------------------------------ fetch

    public JSPromise<Response> fetch(Request request) {
        String path = Request.pathOf(request);
        if (path.equals(HubRoutes.FEED_PATH)) {
            return request.text().then(body -> feed(body.stringValue()));
        }
        return connect(request);
    }

    // ------------------------------------------------------------------ feed

    private Response feed(String body) {
        List<FeedItem> items;
        try {
            items = FeedBatch.parse(body);
        } catch (JsonException e) {
            return ClientResponses.error(
                    400, "invalid_feed", e.getMessage(), e.field() == null ? "body" : e.field(), Headers.create());
        }
        long now = now();
        boolean fieldChanged = false;
        boolean presenceChanged = false;
        int applied = 0;
        List<RecentMessage> messages = new ArrayList<>();
        for (FeedItem item : items) {
            if (item instanceof FeedItem.Event e) {
                boolean changed = false;
                if (e.event() instanceof MessageSent m) {
                    if (live.fold(m, e.recordedAt(), now)) {
                        LiveField.Folded folded = live.folded.get(m.id());
                        Storage.put(storage, HubStore.FOLDED_PREFIX + m.id(), HubStore.folded(folded));
                        fieldChanged = true;
                        changed = true;
                    }
                    RecentMessage message = live.remember(m, e.recordedAt());
                    if (message != null) {
                        messages.add(message);
                        changed = true;
                    }
                }
                if (e.event() instanceof PresenceBeat
                        || e.event() instanceof AgentJoined
                        || e.event() instanceof AgentLeft
                        || e.event() instanceof MessageSent) {
                    identify(e.event());
                    if (live.presence(e.event(), now)) {
                        presenceChanged = true;
                        changed = true;
                    }
                }
                applied += changed ? 1 : 0;
            } else if (item instanceof FeedItem.Glyphs g) {
                RecentMessage message = live.glyphs(g.messageId(), g.glyphsJson());
                if (message != null) {
                    messages.add(message);
                    applied++;
                }
            } else if (item instanceof FeedItem.Snapshot part) {
                FeedItem.Snapshot s = snapshotParts.add(part);
                if (s == null) {
                    continue; // a part of a snapshot still missing others
                }
                List<String> dropped = live.snapshot(s.field(), s.cells(), s.readAt(), s.recentIds(), now);
                if (dropped != null) {
                    List<String> keys = new ArrayList<>(dropped.size());
                    for (String id : dropped) {
                        keys.add(HubStore.FOLDED_PREFIX + id);
                    }
                    if (!keys.isEmpty()) {
                        Storage.delete(storage, keys.toArray(new String[0]));
                    }
                    Storage.put(storage, HubStore.CELLS, HubStore.cells(live));
                    fieldChanged = true;
                    applied++;
                }
            }
        }
        persistRecent(messages);
        if (presenceChanged) {
            live.evict(now);
        }
        if (fieldChanged || presenceChanged) {
            changed(now, presenceChanged, messages);
        } else if (!messages.isEmpty()) {
            // no new version (glyphs arrived, or a message the field already counts): the messages alone
            String[] frames = new String[messages.size()];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = Frames.message(messages.get(i));
            }
            broadcast(frames, frames);
            graphql.messages(messages);
        }
        persistPresence();
        Headers headers = Headers.create();
        headers.set("content-type", "application/json; charset=utf-8");
        return Response.create("{\"version\":" + live.version() + ",\"applied\":" + applied + "}", 200, headers);
    }

    /** A beat the hub itself caused names the agent behind an authenticated socket. */
    private void identify(org.sacredcouncil.core.event.CouncilEvent event) {
        WebSocket socket = pendingBeats.remove(event.id());
        if (socket == null || !(event instanceof PresenceBeat beat)) {
            return;
        }
        SocketInfo info = info(socket);
        info.agentId = beat.agentId();
        info.region = beat.region();
        WebSocket.attach(socket, info.toJson());
        addSocketAgent(info);
    }

    private void addSocketAgent(SocketInfo info) {
        if (info.agentId != null) {
            socketAgents.merge(info.agentId, 1, Integer::sum);
            socketAgentRegions.put(info.agentId, info.region);
        }
    }

    private void removeSocketAgent(SocketInfo info) {
        if (info.agentId != null && socketAgents.merge(info.agentId, -1, Integer::sum) <= 0) {
            socketAgents.remove(info.agentId);
            socketAgentRegions.remove(info.agentId);
        }
    }

    /**
     * A new version: composed, persisted, broadcast to every socket, the pause re-decided, KV written (throttled).
     * A v1 socket gets the change's frames one by one ({@code message}s, {@code field-update}, then {@code presence}
     * and {@code pause} when they moved); a v2 socket gets one {@code field-update} that carries them all.
     */
    private void changed(long now, boolean presenceChanged, List<RecentMessage> messages) {
        for (String agentId : socketAgents.keySet()) {
            live.seenOnSocket(agentId, socketAgentRegions.get(agentId), now);
        }
        FieldState field = live.compose(now);
        publishedPresence = live.presentKey(now);
        fieldText = FieldStateJson.write(field);
        Storage.put(storage, HubStore.FIELD, fieldText);
        if (live.metaChanged) {
            live.metaChanged = false;
            Storage.put(storage, HubStore.META, HubStore.meta(live));
        }
        String presence = Frames.presenceBody(live.present(now), agentSockets, viewerSockets);
        String presenceMoved = null;
        if (presenceChanged || presenceBody == null || !presence.equals(presenceBody)) {
            boolean first = presenceBody == null;
            presenceBody = presence;
            presenceMoved = first ? null : presence;
        }
        String pauseMoved = decidePause(field) ? pauseBody : null;
        String publicField = FieldStateJson.writePublic(field);
        publicFieldText = publicField;
        List<String> v1 = new ArrayList<>(messages.size() + 3);
        for (RecentMessage message : messages) {
            v1.add(Frames.message(message));
        }
        v1.add(Frames.fieldUpdate(field, publicField, null, null, null));
        if (presenceMoved != null) {
            v1.add(Frames.presence(presenceMoved));
        }
        if (pauseMoved != null) {
            v1.add(Frames.pause(pauseMoved));
        }
        broadcast(
                v1.toArray(new String[0]),
                new String[] {Frames.fieldUpdate(field, publicField, messages, presenceMoved, pauseMoved)});
        graphql.messages(messages);
        graphql.field(publicField);
        scheduleKvWrite(now);
        armAlarm(now);
    }

    private void persistRecent(List<RecentMessage> messages) {
        for (RecentMessage message : messages) {
            Storage.put(storage, HubStore.RECENT_PREFIX + message.id(), HubStore.recent(message));
        }
        if (!live.recentEvicted.isEmpty()) {
            String[] keys = new String[live.recentEvicted.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = HubStore.RECENT_PREFIX + live.recentEvicted.get(i);
            }
            live.recentEvicted.clear();
            Storage.delete(storage, keys);
        }
    }

    private void persistPresence() {
        for (String agentId : live.marksChanged) {
            LiveField.Mark mark = live.marks.get(agentId);
            if (mark != null) {
                Storage.put(storage, HubStore.PRESENCE_PREFIX + agentId, HubStore.mark(mark));
            }
        }
        live.marksChanged.clear();
        if (!live.marksRemoved.isEmpty()) {
            String[] keys = new String[live.marksRemoved.size()];
            int i = 0;
            for (String agentId : live.marksRemoved) {
                keys[i++] = HubStore.PRESENCE_PREFIX + agentId;
            }
            live.marksRemoved.clear();
            Storage.delete(storage, keys);
        }
    }

    /**
     * The sacred pause as the REST path decides it for a write ({@code PausePolicy}); true when it began or
     * ended with this field.
     */
    private boolean decidePause(FieldState field) {
        PauseDecision decision =
                pausePolicy.decide(PauseInput.routable(true, field.global().coherence(), false), WorkerRuntime.RANDOM);
        if (pauseBody != null && decision.paused() == paused) {
            return false;
        }
        boolean first = pauseBody == null;
        paused = decision.paused();
        pauseBody = Frames.pauseBody(decision);
        return !first;
    }

    /** The v1 frames to the v1 sockets, the v2 frames to the v2 sockets: one call into the runtime per protocol. */
    private void broadcast(String[] v1, String[] v2) {
        DurableObjectState.broadcast(state, Frames.PROTOCOL, v1);
        DurableObjectState.broadcast(state, Frames.PROTOCOL_V2, v2);
    }

    private void broadcast(String frame) {
        String[] frames = {frame};
        broadcast(frames, frames);
    }

    // ------------------------------------------------------------------ the alarm: KV and presence expiry

    /**
     * The KV write is trailing, at most once a second: due this long after the last one. {@code NONE} when no
     * write waits.
     */
    private void scheduleKvWrite(long now) {
        if (kv == null || kvDueAt != NONE) {
            return;
        }
        kvDueAt = Math.max(now, lastKvWriteAt + KV_WRITE_INTERVAL_MILLIS);
    }

    /**
     * The object's one alarm serves both the KV write and presence expiry: it is set for whichever comes first. An
     * agent whose heartbeats stopped leaves the field when its window ends, with a {@code presence} frame, even when
     * nothing else arrives (docs/live-field.md#presence-expiry).
     */
    private void armAlarm(long now) {
        long at = Math.min(
                Math.min(kvDueAt == NONE ? Long.MAX_VALUE : kvDueAt, live.nextPresenceExpiry(now)), graphql.deadline());
        if (at == Long.MAX_VALUE || at == alarmAt) {
            return;
        }
        alarmAt = at;
        Storage.setAlarm(storage, at);
    }

    /**
     * The alarm: presence expired since the last change goes out as a new version (with its {@code presence}
     * frame); then the hub's field is written to KV unless KV holds a version as high (then the hub moves above
     * it). After hibernation this object does not know what it wrote: it writes once more.
     */
    public JSPromise<JSObject> alarm() {
        alarmAt = NONE;
        long now = now();
        graphql.expire(now);
        expirePresence(now);
        if (kv == null || live.field() == null || live.version() <= kvWrittenVersion) {
            kvDueAt = NONE;
            armAlarm(now);
            return JSPromise.resolve(null);
        }
        if (now < lastKvWriteAt + KV_WRITE_INTERVAL_MILLIS) {
            kvDueAt = lastKvWriteAt + KV_WRITE_INTERVAL_MILLIS;
            armAlarm(now);
            return JSPromise.resolve(null);
        }
        return Kv.getUncached(kv, KvCopy.KEY).flatThen(text -> {
            if (adoptKv(text)) {
                changed(now(), false, new ArrayList<>());
            }
            long at = now();
            kvDueAt = NONE;
            lastKvWriteAt = at;
            kvWrittenVersion = live.version();
            armAlarm(at);
            return Kv.put(kv, KvCopy.KEY, fieldText(), at);
        });
    }

    /** Agents whose window ended since the field was last published: a new version without them. */
    private void expirePresence(long now) {
        for (String agentId : socketAgents.keySet()) {
            live.seenOnSocket(agentId, socketAgentRegions.get(agentId), now);
        }
        live.evict(now);
        if (live.field() != null && !live.presentKey(now).equals(publishedPresence)) {
            changed(now, true, new ArrayList<>());
        }
        persistPresence();
    }

    /** The public field as sockets see it; written once per version, not once per connect. */
    private String publicField() {
        if (publicFieldText == null) {
            publicFieldText = FieldStateJson.writePublic(live.field());
        }
        return publicFieldText;
    }

    private String fieldText() {
        if (fieldText == null) {
            fieldText = FieldStateJson.write(live.field());
        }
        return fieldText;
    }

    // ------------------------------------------------------------------ sockets

    private JSPromise<Response> connect(Request request) {
        Headers headers = request.getHeaders();
        String ip = headers.get("cf-connecting-ip");
        String clientIp = ip == null || ip.isEmpty() ? "unknown" : ip;
        SocketInfo info = new SocketInfo(clientIp, Request.originOf(request), now());
        // v2 when the client offers it (one frame per change), else v1, else graphql-transport-ws (HubRoutes let
        // only these three through)
        String offered = headers.get("sec-websocket-protocol");
        String protocol = HubRoutes.offers(offered, Frames.PROTOCOL_V2)
                ? Frames.PROTOCOL_V2
                : HubRoutes.offers(offered, Frames.PROTOCOL) ? Frames.PROTOCOL : TransportMessages.PROTOCOL;
        info.graphql = protocol.equals(TransportMessages.PROTOCOL);
        String bearer = headers.get("authorization");
        if (bearer == null
                || agentSockets + viewerSockets >= limits.maxSockets()
                || DurableObjectState.sockets(state, "ip:" + clientIp).length >= limits.maxSocketsPerIp()) {
            return JSPromise.resolve(accept(info, null, protocol));
        }
        // an agent on the upgrade: the key is checked through the edge first, and a refused key gets heart's answer
        return Response.read(presenceThroughEdge(info, bearer, null)).then(answer -> {
            if (answer.getStatus() != 202) {
                Headers json = Headers.create();
                json.set("content-type", "application/json; charset=utf-8");
                return Response.create(answer.getText(), answer.getStatus(), json);
            }
            info.role = SocketInfo.AGENT;
            info.apiKey = bearer;
            return accept(info, answer.getText(), protocol);
        });
    }

    /** @param keyCheck the body of the key check's {@code 202} for an agent on the upgrade, else null */
    private Response accept(SocketInfo info, String keyCheck, String protocol) {
        // over a limit the client reads a close code, not an HTTP error
        if (agentSockets + viewerSockets >= limits.maxSockets()) {
            return WebSocket.refused(
                    CLOSE_TRY_LATER, "the hub holds its maximum of sockets; try again later", protocol);
        }
        if (DurableObjectState.sockets(state, "ip:" + info.ip).length >= limits.maxSocketsPerIp()) {
            return WebSocket.refused(CLOSE_TOO_MANY_FROM_IP, "too many sockets from this address", protocol);
        }
        // tags: the address (sockets per address without a scan), the role at accept, the protocol (broadcasts)
        WebSocket.Pair pair = WebSocket.acceptNew(state, new String[] {"ip:" + info.ip, info.role, protocol});
        WebSocket socket = pair.getServer();
        Response upgrade = WebSocket.upgradeResponse(pair.getClient(), protocol);
        WebSocket.attach(socket, info.toJson());
        if (info.isAgent()) {
            agentSockets++;
            rememberBeat(socket, keyCheck);
        } else {
            viewerSockets++;
        }
        presenceBody = Frames.presenceBody(live.present(now()), agentSockets, viewerSockets);
        EdgeMetrics.socketsOpen(metrics, agentSockets + viewerSockets);
        if (info.graphql) {
            // graphql-transport-ws has no welcome: the client speaks first (connection_init)
            graphql.accepted(info.connectedAt);
            armAlarm(now());
            return upgrade;
        }
        socket.send(Frames.welcome(
                live.field(),
                publicField(),
                live.recent,
                presenceBody,
                pauseBody,
                info.role,
                WorkerRuntime.isoTime(WorkerRuntime.nowMillis())));
        return upgrade;
    }

    public JSPromise<JSObject> message(WebSocket socket, JSObject message) {
        int bytes = WebSocket.textBytes(message);
        if (bytes < 0) {
            WebSocket.close(socket, CLOSE_UNSUPPORTED, "frames are JSON text");
            return JSPromise.resolve(null);
        }
        if (bytes > limits.maxFrameBytes()) {
            WebSocket.close(socket, CLOSE_TOO_BIG, "a frame may carry at most " + limits.maxFrameBytes() + " bytes");
            return JSPromise.resolve(null);
        }
        if (WebSocket.countFrame(socket, WorkerRuntime.nowMillis()) > limits.maxFramesPerSecond()) {
            WebSocket.close(socket, CLOSE_POLICY, "at most " + limits.maxFramesPerSecond() + " frames a second");
            return JSPromise.resolve(null);
        }
        SocketInfo info = info(socket);
        if (info.graphql) {
            return graphql.message(socket, info, WebSocket.text(message));
        }
        JsonObject frame;
        String type;
        try {
            frame = JsonReader.parseObject(WebSocket.text(message));
            type = frame.string("type");
        } catch (JsonException e) {
            socket.send(Frames.error("invalid_frame", e.getMessage(), null));
            return JSPromise.resolve(null);
        }
        boolean first = !info.spoke;
        if (first) {
            info.spoke = true;
            WebSocket.attach(socket, info.toJson());
        }
        String id = frame.optString("id", null);
        // an if-chain, not a string switch: TeaVM makes a hash switch and a second switch of one
        if (type.equals("auth")) {
            return auth(socket, info, frame, first, id);
        }
        if (type.equals("send")) {
            return send(socket, info, frame, id);
        }
        if (type.equals("heartbeat")) {
            if (!info.isAgent()) {
                return JSPromise.resolve(null);
            }
            return Response.read(presenceThroughEdge(info, info.apiKey, frame.optString("region", null)))
                    .then(answer -> {
                        if (id != null || answer.getStatus() != 202) {
                            socket.send(Frames.ack(id, "heartbeat", answer.getStatus(), json(answer.getText())));
                        }
                        return null;
                    });
        }
        socket.send(
                type.equals("ping")
                        ? Frames.PONG
                        : Frames.error("unknown_frame", "unknown frame type '" + type + "'", id));
        return JSPromise.resolve(null);
    }

    private JSPromise<JSObject> auth(WebSocket socket, SocketInfo info, JsonObject frame, boolean first, String id) {
        if (info.isAgent()) {
            socket.send(Frames.error("already_authenticated", "this socket is already an agent's", id));
            return JSPromise.resolve(null);
        }
        if (!first || now() - info.connectedAt > AUTH_WINDOW_MILLIS) {
            WebSocket.close(socket, CLOSE_AUTH_LATE, "auth must be the first frame, within 10 s");
            return JSPromise.resolve(null);
        }
        String key;
        try {
            key = frame.string("apiKey");
        } catch (JsonException e) {
            socket.send(Frames.error("invalid_frame", e.getMessage(), id));
            return JSPromise.resolve(null);
        }
        String bearer = "Bearer " + key;
        return Response.read(presenceThroughEdge(info, bearer, null)).then(answer -> {
            String text = answer.getText();
            int status = answer.getStatus();
            socket.send(Frames.ack(id, "auth", status, json(text)));
            if (status == 202) {
                becameAgent(socket, info, bearer, text);
            } else if (status == 401 || status == 403) {
                WebSocket.close(socket, CLOSE_AUTH_REFUSED, "the API key was refused");
            } else {
                WebSocket.close(socket, CLOSE_TRY_LATER, "the key could not be checked now; try again later");
            }
            return null;
        });
    }

    /** A viewer's key was accepted ({@code 202} with the key check's body): the socket is an agent's from now on. */
    void becameAgent(WebSocket socket, SocketInfo info, String bearer, String keyCheck) {
        info.role = SocketInfo.AGENT;
        info.apiKey = bearer;
        WebSocket.attach(socket, info.toJson());
        agentSockets++;
        viewerSockets--;
        rememberBeat(socket, keyCheck);
    }

    /** A request through the edge's own path (signed, routed, rate limited), as a client's would go. */
    JSPromise<Response> throughEdge(Request request) {
        return edgePath.apply(request);
    }

    private void rememberBeat(WebSocket socket, String body) {
        try {
            pendingBeats.put(JsonReader.parseObject(body).string("eventId"), socket);
        } catch (JsonException e) {
            // an answer without an event id: the socket's agent stays unnamed until it sends a message
        }
    }

    /** {@code send}: exactly {@code POST /v1/messages} through the edge, answered with its status and body. */
    private JSPromise<JSObject> send(WebSocket socket, SocketInfo info, JsonObject frame, String id) {
        if (!info.isAgent()) {
            socket.send(Frames.error("forbidden", "viewers are read-only: authenticate with an API key to send", id));
            return JSPromise.resolve(null);
        }
        Object message = frame.asMap().get("message");
        if (!(message instanceof Map)) {
            socket.send(Frames.error("invalid_frame", "field message: must be the body of POST /v1/messages", id));
            return JSPromise.resolve(null);
        }
        Headers headers = edgeHeaders(info, info.apiKey);
        if (id != null) {
            headers.set("idempotency-key", id);
        }
        return Response.read(edgePath.apply(org.sacredcouncil.edge.platform.DurableObjects.request(
                        info.edge + "/v1/messages", "POST", headers, JsonValues.write(message))))
                .then(answer -> {
                    socket.send(Frames.ack(id, "send", answer.getStatus(), json(answer.getText())));
                    return null;
                });
    }

    JSPromise<Response> presenceThroughEdge(SocketInfo info, String bearer, String region) {
        String body = region == null ? "{}" : "{\"region\":" + JsonValues.write(region) + "}";
        return edgePath.apply(org.sacredcouncil.edge.platform.DurableObjects.request(
                info.edge + "/v1/presence", "POST", edgeHeaders(info, bearer), body));
    }

    private static Headers edgeHeaders(SocketInfo info, String bearer) {
        Headers headers = Headers.create();
        headers.set("authorization", bearer);
        headers.set("content-type", "application/json");
        headers.set("cf-connecting-ip", info.ip);
        return headers;
    }

    /** The edge's body as JSON to embed, or as a JSON string when it is not JSON. */
    private static String json(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            JsonReader.parse(body);
            return body;
        } catch (JsonException e) {
            return JsonValues.write(body);
        }
    }

    public void closed(WebSocket socket) {
        SocketInfo info = info(socket);
        if (info.isAgent()) {
            agentSockets = Math.max(0, agentSockets - 1);
            removeSocketAgent(info);
        } else {
            viewerSockets = Math.max(0, viewerSockets - 1);
        }
        EdgeMetrics.socketsOpen(metrics, agentSockets + viewerSockets);
        WebSocket.close(socket, 1000, "");
    }

    static SocketInfo info(WebSocket socket) {
        try {
            return SocketInfo.parse(WebSocket.attachment(socket));
        } catch (JsonException e) {
            return SocketInfo.parse(null);
        }
    }

    private static long now() {
        return (long) WorkerRuntime.nowMillis();
    }
}
