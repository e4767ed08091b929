package org.sacredcouncil.bench.functions;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;

/**
 * Requests as Pub/Sub's push sends them to memory, wisdom and coherence (a binary-mode CloudEvent around the
 * classic push JSON), with the local cloud's push token when it sets one.
 */
final class Pushes {

    static final String FUNCTIONS = "org.sacredcouncil.functions.";
    static final String HEART = FUNCTIONS + "heart.HeartFunction";
    static final String MEMORY = FUNCTIONS + "memory.MemoryFunction";
    static final String WISDOM = FUNCTIONS + "wisdom.WisdomFunction";
    static final String COHERENCE = FUNCTIONS + "coherence.CoherenceFunction";

    private final String authorization;

    Pushes(Map<String, String> environment) {
        String token = environment.get("PUSH_AUTH_TOKEN");
        this.authorization = token == null || token.isEmpty() ? null : "Bearer " + token;
    }

    /** A message event as heart publishes it: a new id each call, its time now. */
    static MessageSent message(String agentId, String region, int n) {
        long now = System.currentTimeMillis();
        String id = UUID.randomUUID().toString();
        SacredMessage message = new SacredMessage(
                "msg-" + id,
                agentId,
                MessageType.BLESSING,
                "a benchmark blessing number " + n + " for the whole council",
                region,
                now);
        return new MessageSent("evt-" + id, now, message, 0.04, 0.5, 0.51, 1.0);
    }

    HttpRequest event(int port, CouncilEvent event) {
        return push(port, EventCodec.toCloudEventJson(event, "//sacred-council/bench"));
    }

    HttpRequest tick(int port) {
        return push(port, "{}");
    }

    private HttpRequest push(int port, String data) {
        String id = UUID.randomUUID().toString();
        String body =
                "{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8))
                        + "\",\"messageId\":\"" + id + "\"},\"subscription\":\"projects/bench/subscriptions/bench\"}";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Content-Type", "application/json")
                .header("ce-id", id)
                .header("ce-source", "//pubsub.googleapis.com/projects/bench/topics/bench")
                .header("ce-specversion", "1.0")
                .header("ce-type", "google.cloud.pubsub.topic.v1.messagePublished")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }
}
