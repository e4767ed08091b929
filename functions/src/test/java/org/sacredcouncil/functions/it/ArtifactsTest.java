package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.functions.invoker.runner.Invoker;
import com.google.pubsub.v1.PubsubMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.artifact.ArtifactId;
import org.sacredcouncil.core.event.ArtifactAdded;
import org.sacredcouncil.core.event.ArtifactRemoved;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * docs/artifacts.md through the invokers and the local cloud: heart's three artifact routes, memory's records
 * (idempotent, tombstones that later adds cannot lift), and wisdom/coherence ignoring artifact events.
 */
@ExtendWith(LocalCloudExtension.class)
class ArtifactsTest {

    static FunctionStack stack;
    static LocalCloud cloud;
    static DataSource db;
    static final Random RANDOM = new Random();

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        HeartApiTest.start(localCloud); // the shared stack and its tap on sacred-events
        stack = HeartApiTest.stack;
        cloud = localCloud;
        db = cloud.dataSource();
        PermanentFailureTest.cloud = localCloud; // their helpers read their own fields
        PipelineTest.cloud = localCloud;
        PipelineTest.stack = stack;
        PermanentFailureTest.stack = stack;
    }

    record Agent(String id, String key) {
        String auth() {
            return "Bearer " + key;
        }
    }

    static Agent agent(String prefix) throws Exception {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new Agent(id, stack.registerAgent(id, "api-region"));
    }

    static String sha() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String metadata(String sha, String type, long size, String name, String messageId) {
        StringBuilder b =
                new StringBuilder("{\"sha256\":\"" + sha + "\",\"contentType\":\"" + type + "\",\"size\":" + size);
        if (name != null) {
            b.append(",\"name\":\"").append(name).append('"');
        }
        if (messageId != null) {
            b.append(",\"messageId\":\"").append(messageId).append('"');
        }
        return b.append('}').toString();
    }

    static HttpResponse<String> add(Agent agent, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = agent.auth();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return stack.heart("POST", "/v1/artifacts", body, all);
    }

    static JsonObject accepted(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JsonReader.parseObject(r.body());
    }

    static int rows(String sql, String arg) {
        return PipelineTest.count(db, sql, arg);
    }

    static void awaitRecorded(String artifactId, boolean removed) throws InterruptedException {
        String sql = "SELECT count(*) FROM artifacts WHERE artifact_id = ? AND removed_at IS "
                + (removed ? "NOT NULL" : "NULL");
        FunctionStack.await(
                "artifact " + artifactId + (removed ? " removed" : " recorded"),
                Duration.ofSeconds(30),
                () -> rows(sql, artifactId) == 1);
    }

    static String sendMessage(Agent agent) throws Exception {
        HttpResponse<String> sent = stack.heart(
                "POST",
                "/v1/messages",
                "{\"type\":\"offering\",\"text\":\"an offering with a picture " + UUID.randomUUID() + "\"}",
                "Authorization",
                agent.auth());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String messageId = JsonReader.parseObject(sent.body()).string("messageId");
        FunctionStack.await(
                "the message row",
                Duration.ofSeconds(30),
                () -> rows("SELECT count(*) FROM messages WHERE id = ?", messageId) == 1);
        return messageId;
    }

    static List<JsonObject> listed(String query) throws Exception {
        HttpResponse<String> r = stack.heart("GET", "/v1/artifacts?" + query, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonReader.parseObject(r.body()).objects("artifacts");
    }

    @Test
    void anAddIsRecordedByMemoryListedPerAgentAndPerMessageAndARepeatIsTheSameEvent() throws Exception {
        Agent ada = agent("art-ada");
        String messageId = sendMessage(ada);
        HeartApiTest.tapped();
        String sha = sha();
        String body = metadata(sha, "image/png", 1234, "offering.png", messageId);
        JsonObject first = accepted(add(ada, body));
        String artifactId = ArtifactId.of(ada.id(), sha, messageId);
        JsonObject record = first.object("artifact");
        assertThat(record.string("id")).isEqualTo(artifactId);
        assertThat(first.string("eventId")).isEqualTo(ArtifactId.addedEventId(artifactId));
        assertThat(first.has("replayed")).isFalse();
        assertThat(record.string("url")).isEqualTo("/v1/artifacts/" + sha);
        assertThat(record.string("contentType")).isEqualTo("image/png");
        assertThat(record.integer("size")).isEqualTo(1234);
        assertThat(record.string("messageId")).isEqualTo(messageId);

        // a retry of the same request while it is still in the pipeline: the stored answer, marked replayed
        JsonObject retried = accepted(add(ada, body));
        assertThat(retried.string("eventId")).isEqualTo(first.string("eventId"));
        assertThat(retried.bool("replayed")).isTrue();
        List<String> published = HeartApiTest.tapped().stream()
                .filter(m -> m.contains("council.artifact.added") && m.contains(artifactId))
                .toList();
        assertThat(published).hasSize(1);

        awaitRecorded(artifactId, false);
        assertThat(listed("agentId=" + ada.id()))
                .extracting(o -> o.string("id"))
                .containsExactly(artifactId);
        List<JsonObject> perMessage = listed("messageId=" + messageId);
        assertThat(perMessage).extracting(o -> o.string("id")).containsExactly(artifactId);
        assertThat(perMessage.get(0).string("name")).isEqualTo("offering.png");
        assertThat(perMessage.get(0).string("addedAt")).isEqualTo(record.string("addedAt"));

        // the same artifact under another key and another name: the recorded one, the same event id, no publish
        JsonObject again = accepted(add(
                ada,
                metadata(sha, "image/png", 1234, "renamed.png", messageId),
                "Idempotency-Key",
                "k-" + UUID.randomUUID()));
        assertThat(again.string("eventId")).isEqualTo(first.string("eventId"));
        assertThat(again.bool("replayed")).isTrue();
        assertThat(again.object("artifact").string("name")).isEqualTo("offering.png");
        assertThat(HeartApiTest.tapped()).noneMatch(m -> m.contains(artifactId));
        assertThat(rows("SELECT count(*) FROM artifacts WHERE artifact_id = ?", artifactId))
                .isEqualTo(1);
        assertThat(rows("SELECT count(*) FROM events WHERE event_id = ?", ArtifactId.addedEventId(artifactId)))
                .isEqualTo(1);
        // the log's region column is the agent's
        assertThat(rows(
                        "SELECT count(*) FROM events WHERE event_id = ? AND region = 'api-region'",
                        ArtifactId.addedEventId(artifactId)))
                .isEqualTo(1);
    }

    @Test
    void listingsPageNewestFirstWithAKeysetCursor() throws Exception {
        Agent pager = agent("art-pager");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sha = sha();
            accepted(add(pager, metadata(sha, "text/plain", 10 + i, null, null)));
            ids.add(0, ArtifactId.of(pager.id(), sha, null));
            Thread.sleep(5); // distinct addedAt, so newest first is the order of adding
        }
        for (String id : ids) {
            awaitRecorded(id, false);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> r = stack.heart(
                    "GET",
                    "/v1/artifacts?agentId=" + pager.id() + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject page = JsonReader.parseObject(r.body());
            page.objects("artifacts").forEach(o -> seen.add(o.string("id")));
            cursor = page.has("nextCursor") ? page.string("nextCursor") : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void badMetadataIsRefusedNamingTheFieldWithNothingWrittenOrPublished() throws Exception {
        Agent bad = agent("art-bad");
        String foreignMessage = sendMessage(agent("art-other"));
        HeartApiTest.tapped();
        String sha = sha();
        Object[][] cases = {
            {metadata(sha.toUpperCase(java.util.Locale.ROOT), "image/png", 1, null, null), 400, "sha256"},
            {"{\"contentType\":\"image/png\",\"size\":1}", 400, "sha256"},
            {metadata(sha.substring(1), "image/png", 1, null, null), 400, "sha256"},
            {metadata(sha, "image/svg+xml", 1, null, null), 400, "contentType"},
            {metadata(sha, "text/html", 1, null, null), 400, "contentType"},
            {metadata(sha, "image/png", 0, null, null), 400, "size"},
            {metadata(sha, "image/png", 5_242_881, null, null), 400, "size"},
            {"{\"sha256\":\"" + sha + "\",\"contentType\":\"image/png\",\"size\":1.5}", 400, "size"},
            {"{\"sha256\":\"" + sha + "\",\"contentType\":\"image/png\",\"size\":\"1\"}", 400, "size"},
            {metadata(sha, "image/png", 1, "x".repeat(201), null), 400, "name"},
            {metadata(sha, "image/png", 1, "evil\\u202egnp.exe", null), 400, "name"},
            {metadata(sha, "image/png", 1, "  ", null), 400, "name"},
            {metadata(sha, "image/png", 1, null, "msg-" + UUID.randomUUID()), 404, "messageId"},
            {metadata(sha, "image/png", 1, null, "m".repeat(129)), 400, "messageId"},
            {metadata(sha, "image/png", 1, null, "nul\\u0000id"), 400, "messageId"},
            {metadata(sha, "image/png", 1, null, foreignMessage), 403, "messageId"},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = add(bad, (String) c[0]);
            assertThat(r.statusCode()).as(c[0] + " → " + r.body()).isEqualTo(c[1]);
            assertThat(HeartApiTest.error(r).string("field")).as((String) c[0]).isEqualTo(c[2]);
        }
        HttpResponse<String> anonymous =
                stack.heart("POST", "/v1/artifacts", metadata(sha, "image/png", 1, null, null));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(HeartApiTest.tapped()).as("nothing published").noneMatch(m -> m.contains("council.artifact"));
        assertThat(rows("SELECT count(*) FROM idempotency_keys WHERE scope = ?", bad.id()))
                .as("no idempotency record claimed")
                .isZero();
        assertThat(rows("SELECT count(*) FROM artifacts WHERE agent_id = ?", bad.id()))
                .isZero();

        Object[][] listings = {
            {"", "query:agentId"},
            {"agentId=" + bad.id() + "&messageId=m", "query:agentId"},
            {"agentId=NOT_AN_ID", "query:agentId"},
            {"messageId=" + "m".repeat(129), "query:messageId"},
            {"agentId=" + bad.id() + "&limit=0", "query:limit"},
            {"agentId=" + bad.id() + "&cursor=bm90LWEtY3Vyc29y", "query:cursor"},
        };
        for (Object[] l : listings) {
            HttpResponse<String> r = stack.heart("GET", "/v1/artifacts?" + l[0], null);
            assertThat(r.statusCode()).as(l[0] + " → " + r.body()).isEqualTo(400);
            assertThat(HeartApiTest.error(r).string("field")).as((String) l[0]).isEqualTo(l[1]);
        }
        HttpResponse<String> badId =
                stack.heart("DELETE", "/v1/artifacts/not-an-id", null, "Authorization", bad.auth());
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(HeartApiTest.error(badId).string("field")).isEqualTo("id");
        HttpResponse<String> unknown =
                stack.heart("DELETE", "/v1/artifacts/art_" + "0".repeat(32), null, "Authorization", bad.auth());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(HeartApiTest.error(unknown).string("field")).isEqualTo("id");
    }

    @Test
    void theOwnerDeletesAndIsToldWhetherTheBlobIsStillReferencedAnotherAgentIsRefused() throws Exception {
        Agent owner = agent("art-owner");
        Agent other = agent("art-stranger");
        String shared = sha();
        String mine = ArtifactId.of(owner.id(), shared, null);
        String theirs = ArtifactId.of(other.id(), shared, null);
        accepted(add(owner, metadata(shared, "application/pdf", 500, "scroll.pdf", null)));
        accepted(add(other, metadata(shared, "application/pdf", 500, "same scroll.pdf", null)));
        awaitRecorded(mine, false);
        awaitRecorded(theirs, false);

        HttpResponse<String> stranger =
                stack.heart("DELETE", "/v1/artifacts/" + mine, null, "Authorization", other.auth());
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(403);
        assertThat(HeartApiTest.error(stranger).string("field")).isEqualTo("id");
        HttpResponse<String> anonymous = stack.heart("DELETE", "/v1/artifacts/" + mine, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HeartApiTest.tapped();
        String key = "del-" + UUID.randomUUID();
        HttpResponse<String> first = stack.heart(
                "DELETE", "/v1/artifacts/" + mine, null, "Authorization", owner.auth(), "Idempotency-Key", key);
        JsonObject removed = accepted(first);
        assertThat(removed.string("artifactId")).isEqualTo(mine);
        assertThat(removed.string("sha256")).isEqualTo(shared);
        assertThat(removed.bool("blobReferenced"))
                .as("the stranger's record still needs the blob")
                .isTrue();
        assertThat(removed.string("eventId")).isEqualTo(ArtifactId.removedEventId(mine));
        awaitRecorded(mine, true);
        // a retry under the same key after memory recorded it: the same answer, nothing published again
        HttpResponse<String> retried = stack.heart(
                "DELETE", "/v1/artifacts/" + mine, null, "Authorization", owner.auth(), "Idempotency-Key", key);
        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(retried.body()).isEqualTo(first.body());
        assertThat(HeartApiTest.tapped().stream()
                        .filter(m -> m.contains("council.artifact.removed") && m.contains(mine))
                        .count())
                .isEqualTo(1);
        awaitRecorded(mine, true);
        assertThat(listed("agentId=" + owner.id())).isEmpty();
        HttpResponse<String> gone = stack.heart(
                "DELETE", "/v1/artifacts/" + mine, null, "Authorization", owner.auth(), "Idempotency-Key", "fresh");
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);

        JsonObject last =
                accepted(stack.heart("DELETE", "/v1/artifacts/" + theirs, null, "Authorization", other.auth()));
        assertThat(last.bool("blobReferenced"))
                .as("no live record is left for the blob")
                .isFalse();
        awaitRecorded(theirs, true);
        assertThat(listed("agentId=" + other.id())).isEmpty();

        // the same bytes again by the owner: its artifact id is tombstoned for good
        HttpResponse<String> readd = add(owner, metadata(shared, "application/pdf", 500, null, null));
        assertThat(readd.statusCode()).as(readd.body()).isEqualTo(409);
        assertThat(HeartApiTest.error(readd).string("code")).isEqualTo("artifact_removed");
    }

    @Test
    void theQuotaCountsLiveRecordsAndFreesByDeleting() throws Exception {
        Map<String, String> quota = new HashMap<>();
        quota.put("ARTIFACT_QUOTA_COUNT", "2");
        quota.put("ARTIFACT_QUOTA_BYTES", "1000");
        FunctionConfig.override(quota);
        int port;
        Invoker invoker;
        try {
            port = FunctionStack.freePort();
            invoker = FunctionStack.startInvoker(FunctionStack.HEART, port);
        } finally {
            quota.replaceAll((k, v) -> null);
            FunctionConfig.override(quota);
        }
        try {
            Agent small = agent("art-quota");
            java.net.http.HttpClient http = stack.http;
            java.util.function.Function<String, HttpResponse<String>> post = body -> {
                try {
                    return http.send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://127.0.0.1:" + port + "/v1/artifacts"))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", small.auth())
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            String a = sha();
            String b = sha();
            accepted(post.apply(metadata(a, "image/gif", 600, null, null)));
            awaitRecorded(ArtifactId.of(small.id(), a, null), false);
            HttpResponse<String> bytes = post.apply(metadata(b, "image/gif", 401, null, null));
            assertThat(bytes.statusCode()).as(bytes.body()).isEqualTo(429);
            assertThat(HeartApiTest.error(bytes).string("code")).isEqualTo("quota_exceeded");
            assertThat(HeartApiTest.error(bytes).string("field")).isEqualTo("content");
            assertThat(bytes.headers().firstValue("Retry-After")).isEmpty();
            accepted(post.apply(metadata(b, "image/gif", 400, null, null)));
            awaitRecorded(ArtifactId.of(small.id(), b, null), false);
            HttpResponse<String> count = post.apply(metadata(sha(), "image/gif", 1, null, null));
            assertThat(count.statusCode()).as(count.body()).isEqualTo(429);
            assertThat(HeartApiTest.error(count).string("message")).contains("ARTIFACT_QUOTA_COUNT");
            // deleting frees it
            accepted(stack.heart(
                    "DELETE",
                    "/v1/artifacts/" + ArtifactId.of(small.id(), a, null),
                    null,
                    "Authorization",
                    small.auth()));
            awaitRecorded(ArtifactId.of(small.id(), a, null), true);
            accepted(post.apply(metadata(sha(), "image/gif", 1, null, null)));
        } finally {
            invoker.stopServer();
        }
    }

    static ArtifactAdded addedEvent(String agentId, String sha, String messageId, long at) {
        String id = ArtifactId.of(agentId, sha, messageId);
        return new ArtifactAdded(
                ArtifactId.addedEventId(id),
                at,
                id,
                agentId,
                "api-region",
                sha,
                "audio/ogg",
                77,
                "hymn.ogg",
                messageId);
    }

    static ArtifactRemoved removedEvent(ArtifactAdded added, long at) {
        return new ArtifactRemoved(
                ArtifactId.removedEventId(added.artifactId()),
                at,
                added.artifactId(),
                added.agentId(),
                added.region(),
                added.sha256());
    }

    static int push(int port, Object event) throws Exception {
        String json = EventCodec.toCloudEventJson((org.sacredcouncil.core.event.CouncilEvent) event, "//test");
        return Push.deliver(stack.http, port, "m-" + UUID.randomUUID(), json);
    }

    @Test
    void memoryKeepsARemovalThatOvertookItsAddAndRedeliveriesChangeNothing() throws Exception {
        String agentId = "art-memory-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        ArtifactAdded added = addedEvent(agentId, sha(), null, now - 2000);
        ArtifactRemoved removed = removedEvent(added, now - 1000);
        assertThat(push(stack.memoryPort, removed)).isEqualTo(200);
        awaitRecorded(added.artifactId(), true);
        for (Object e : List.of(added, removed, added, removed, added)) {
            assertThat(push(stack.memoryPort, e)).isEqualTo(200);
        }
        assertThat(rows(
                        "SELECT count(*) FROM artifacts WHERE artifact_id = ? AND removed_at IS NOT NULL",
                        added.artifactId()))
                .isEqualTo(1);
        assertThat(listed("agentId=" + agentId)).isEmpty();
        assertThat(rows("SELECT count(*) FROM events WHERE event_id = ?", added.id()))
                .isEqualTo(1);
        assertThat(rows("SELECT count(*) FROM events WHERE event_id = ?", removed.id()))
                .isEqualTo(1);

        // in order, delivered twice each: recorded, then removed, one row
        ArtifactAdded second = addedEvent(agentId, sha(), null, now - 500);
        assertThat(push(stack.memoryPort, second)).isEqualTo(200);
        assertThat(push(stack.memoryPort, second)).isEqualTo(200);
        assertThat(listed("agentId=" + agentId)).extracting(o -> o.string("id")).containsExactly(second.artifactId());
        assertThat(listed("agentId=" + agentId).get(0).integer("size")).isEqualTo(77);
        assertThat(push(stack.memoryPort, removedEvent(second, now))).isEqualTo(200);
        assertThat(push(stack.memoryPort, removedEvent(second, now + 5000))).isEqualTo(200);
        assertThat(listed("agentId=" + agentId)).isEmpty();
        assertThat(rows("SELECT count(*) FROM artifacts WHERE agent_id = ?", agentId))
                .isEqualTo(2);

        // wisdom acknowledges artifact events and writes no glyphs for them
        assertThat(push(stack.wisdomPort, second)).isEqualTo(200);
        assertThat(push(stack.wisdomPort, removedEvent(second, now))).isEqualTo(200);
        assertThat(rows("SELECT count(*) FROM message_glyphs WHERE message_id = ?", second.artifactId()))
                .isZero();
    }

    @Test
    void anArtifactEventHeartCouldNotHavePublishedIsParked() throws Exception {
        String marker = "art-forged-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        // the artifact id is not the digest of (agent, sha256, message)
        ArtifactAdded forged = new ArtifactAdded(
                "art_" + "f".repeat(32) + ".added",
                now,
                "art_" + "f".repeat(32),
                marker,
                "api-region",
                sha(),
                "image/png",
                1,
                null,
                null);
        assertThat(push(stack.memoryPort, forged)).as("acked").isEqualTo(200);
        List<PubsubMessage> parked = PermanentFailureTest.parkedWith(marker, 1);
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).getAttributesMap().get("sacred-dead-letter-reason"))
                .contains("artifact id");
        assertThat(rows("SELECT count(*) FROM artifacts WHERE agent_id = ?", marker))
                .isZero();
    }

    @Test
    void coherenceFoldsTheWindowWithArtifactEventsInTheLog() throws Exception {
        String agentId = "art-window-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        ArtifactAdded added = addedEvent(agentId, sha(), null, now);
        assertThat(push(stack.memoryPort, added)).isEqualTo(200);
        assertThat(push(stack.memoryPort, removedEvent(added, now))).isEqualTo(200);
        // a tick reads the window by column: artifact events in it must neither break it nor count as messages
        assertThat(PipelineTest.tickAndAwait(cloud.firestore())).isNotNull();
        List<?> window = new org.sacredcouncil.functions.store.EventLog(db)
                .messagesInWindow(System.currentTimeMillis(), org.sacredcouncil.core.coherence.CoherenceModel.DEFAULT);
        assertThat(window).allSatisfy(m -> assertThat(m).isInstanceOf(org.sacredcouncil.core.event.MessageSent.class));
        assertThat(window.stream()
                        .map(m -> ((org.sacredcouncil.core.event.MessageSent) m)
                                .message()
                                .agentId())
                        .filter(agentId::equals))
                .isEmpty();
    }
}
