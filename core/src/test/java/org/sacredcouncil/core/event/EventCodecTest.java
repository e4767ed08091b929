package org.sacredcouncil.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;

class EventCodecTest {

    private static final long T = 1_795_000_000_123L;
    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void everyEventKindRoundTripsThroughTheCloudEventEnvelope() {
        SacredMessage m =
                new SacredMessage("m-1", "agent-1", MessageType.GRATITUDE, "thank \"you\"\n", "europe-west1", T);
        List<CouncilEvent> events = List.of(
                new MessageSent("m-1", T, m, 0.031, 0.5, 0.53, 1.1),
                new AgentJoined("j-1", T, "agent-1", "europe-west1", "Ada"),
                new AgentLeft("l-1", T, "agent-1", "europe-west1"),
                new PresenceBeat("p-1", T, "agent-1", "europe-west1"),
                new FieldUpdated("f-1", T, FieldState.initial().withVersion(7, T)),
                new ArtifactAdded(
                        "art_1.added", T, "art_1", "agent-1", "europe-west1", SHA, "image/png", 42, "a \"pic\"", "m-1"),
                new ArtifactAdded(
                        "art_2.added", T, "art_2", "agent-1", "europe-west1", SHA, "text/plain", 1, null, null),
                new ArtifactRemoved("art_1.removed", T, "art_1", "agent-1", "europe-west1", SHA));
        for (CouncilEvent event : events) {
            String json = EventCodec.toCloudEventJson(event, "//sacred-council/heart/europe-west1");
            assertThat(EventCodec.fromCloudEventJson(json)).isEqualTo(event);
            JsonObject envelope = JsonReader.parseObject(json);
            assertThat(envelope.string("specversion")).isEqualTo("1.0");
            assertThat(envelope.string("type")).isEqualTo(event.type());
            assertThat(envelope.string("time"))
                    .isEqualTo(java.time.Instant.ofEpochMilli(T).toString());
            assertThat(EventCodec.fromData(
                            event.type(), event.id(), envelope.string("time"), EventCodec.dataJson(event)))
                    .isEqualTo(event);
        }
    }

    @Test
    void messageSentCarriesTheConsciousnessBlock() {
        SacredMessage m = new SacredMessage("m-1", "agent-1", MessageType.BLESSING, "hi", "eu", T);
        JsonObject data =
                JsonReader.parseObject(EventCodec.dataJson(new MessageSent("m-1", T, m, 0.02, 0.5, 0.52, 1.0)));
        assertThat(data.object("consciousness").number("coherenceAfter")).isEqualTo(0.52);
        assertThat(data.object("message").string("type")).isEqualTo("blessing");
    }

    @Test
    void undecodableEventsArePermanentFailures() {
        assertThatThrownBy(() -> EventCodec.fromCloudEventJson("not json")).isInstanceOf(EventFormatException.class);
        assertThatThrownBy(
                        () -> EventCodec.fromCloudEventJson(
                                "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"council.nope\",\"time\":\"2026-11-26T20:00:00Z\",\"data\":{}}"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> EventCodec.fromData(
                        EventTypes.MESSAGE_SENT,
                        "x",
                        "2026-11-26T20:00:00Z",
                        "{\"message\":{\"id\":\"x\",\"agentId\":\"a\",\"type\":\"shout\",\"text\":\"t\",\"region\":\"r\","
                                + "\"sentAt\":\"2026-11-26T20:00:00Z\"},\"impact\":0.1}"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("shout");
        assertThatThrownBy(() -> EventCodec.fromData(EventTypes.AGENT_LEFT, "x", "whenever", "{}"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("time");
        assertThatThrownBy(() -> EventCodec.fromData(EventTypes.AGENT_LEFT, "x", "2026-11-26T20:00:00Z", "{}"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("agentId");
    }

    @Test
    void eventsTheCodecCouldNotReadBackCannotBeBuilt() {
        // found by EventCodecFuzzTest: each of these encoded fine and then failed to decode
        assertThatThrownBy(() -> new AgentJoined("j-1", T, null, "europe-west1", "Ada"))
                .hasMessageContaining("agentId");
        assertThatThrownBy(() -> new AgentJoined("j-1", T, "agent-1", null, "Ada"))
                .hasMessageContaining("region");
        assertThatThrownBy(() -> new AgentLeft("l-1", T, null, "europe-west1")).hasMessageContaining("agentId");
        assertThatThrownBy(() -> new PresenceBeat("", T, "agent-1", "europe-west1"))
                .hasMessageContaining("id");
        assertThatThrownBy(() -> new FieldUpdated("f-1", T, null)).hasMessageContaining("field");
        assertThatThrownBy(() -> FieldState.initial().withVersion(FieldState.MAX_VERSION + 1, T))
                .hasMessageContaining("version");
        SacredMessage m = new SacredMessage("m-1", "agent-1", MessageType.CONCERN, "hm", "europe-west1", T);
        assertThatThrownBy(() -> new MessageSent("m-1", T, m, -0.01, Double.POSITIVE_INFINITY, 0.5, 1.0))
                .hasMessageContaining("coherence");
        assertThatThrownBy(() -> new MessageSent("m-1", T, m, -0.01, 0.5, 0.5, Double.NaN))
                .hasMessageContaining("loveAmplification");
    }

    @Test
    void edgeValuesThatAreAllowedRoundTrip() {
        SacredMessage m = new SacredMessage("m-1", "agent-1", MessageType.CONCERN, "hm", "europe-west1", T);
        List<CouncilEvent> events = List.of(
                new MessageSent("m-1", T, m, -0.0, Double.NaN, Double.NaN, 1.0),
                new FieldUpdated("f-1", T, FieldState.initial().withVersion(FieldState.MAX_VERSION, T)),
                new AgentJoined("j-1", T, "agent-1", "europe-west1", null));
        for (CouncilEvent event : events) {
            assertThat(EventCodec.fromCloudEventJson(EventCodec.toCloudEventJson(event, "//x")))
                    .isEqualTo(event);
        }
    }

    @Test
    void artifactEventsCarryTheContractsDataAndNullsForAbsentFields() {
        JsonObject added = JsonReader.parseObject(EventCodec.dataJson(
                new ArtifactAdded("e", T, "art_1", "agent-1", "europe-west1", SHA, "audio/ogg", 9, null, null)));
        assertThat(added.names())
                .containsExactlyInAnyOrder(
                        "artifactId",
                        "agentId",
                        "region",
                        "sha256",
                        "contentType",
                        "size",
                        "name",
                        "messageId",
                        "addedAt");
        assertThat(added.asMap().get("name")).isNull();
        assertThat(added.integer("size")).isEqualTo(9);
        JsonObject removed = JsonReader.parseObject(
                EventCodec.dataJson(new ArtifactRemoved("e", T, "art_1", "agent-1", "europe-west1", SHA)));
        assertThat(removed.names()).containsExactlyInAnyOrder("artifactId", "agentId", "region", "sha256", "removedAt");
    }

    /** Property: any artifact event the constructors accept round-trips (seeded, so a failure repeats). */
    @Test
    void randomArtifactEventsRoundTrip() {
        java.util.Random random = new java.util.Random(42);
        String[] types = org.sacredcouncil.core.artifact.ArtifactTypes.ALLOWED.split(", ");
        for (int i = 0; i < 3000; i++) {
            long at = random.nextLong(-62_135_596_800_000L, 253_402_300_799_999L);
            String sha = String.format("%064x", new java.math.BigInteger(256, random));
            CouncilEvent event = random.nextBoolean()
                    ? new ArtifactAdded(
                            "e-" + i,
                            at,
                            "art_" + i,
                            randomText(random),
                            randomText(random),
                            sha,
                            types[random.nextInt(types.length)],
                            1 + random.nextLong(org.sacredcouncil.core.artifact.ArtifactRules.MAX_SIZE),
                            random.nextBoolean() ? null : randomText(random),
                            random.nextBoolean() ? null : randomText(random))
                    : new ArtifactRemoved("e-" + i, at, "art_" + i, randomText(random), randomText(random), sha);
            String json = EventCodec.toCloudEventJson(event, "//test");
            assertThat(EventCodec.fromCloudEventJson(json)).as(json).isEqualTo(event);
        }
    }

    private static String randomText(java.util.Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x3000)));
        }
        return b.toString();
    }

    @Test
    void artifactEventsTheCodecCouldNotReadBackCannotBeBuilt() {
        assertThatThrownBy(() -> new ArtifactAdded("e", T, "art_1", "a", "r", "ABC", "image/png", 1, null, null))
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> new ArtifactAdded("e", T, "art_1", "a", "r", SHA, "image/svg+xml", 1, null, null))
                .hasMessageContaining("contentType");
        assertThatThrownBy(() -> new ArtifactAdded("e", T, "art_1", "a", "r", SHA, "image/png", 0, null, null))
                .hasMessageContaining("size");
        assertThatThrownBy(() -> new ArtifactAdded("e", T, "art_1", "a", "r", SHA, "image/png", 1L << 53, null, null))
                .hasMessageContaining("size");
        assertThatThrownBy(() -> new ArtifactAdded("e", T, null, "a", "r", SHA, "image/png", 1, null, null))
                .hasMessageContaining("artifactId");
        assertThatThrownBy(() -> new ArtifactRemoved("e", T, "art_1", "a", null, SHA))
                .hasMessageContaining("region");
        assertThatThrownBy(() -> new ArtifactRemoved("", T, "art_1", "a", "r", SHA))
                .hasMessageContaining("id");
        assertThatThrownBy(() -> EventCodec.fromData(
                        EventTypes.ARTIFACT_ADDED,
                        "x",
                        "2026-11-26T20:00:00Z",
                        "{\"artifactId\":\"art_1\",\"agentId\":\"a\",\"region\":\"r\",\"sha256\":\"" + SHA
                                + "\",\"contentType\":\"text/html\",\"size\":1,\"addedAt\":\"2026-11-26T20:00:00Z\"}"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("contentType");
        assertThatThrownBy(() -> EventCodec.fromData(
                        EventTypes.ARTIFACT_REMOVED,
                        "x",
                        "2026-11-26T20:00:00Z",
                        "{\"artifactId\":\"art_1\",\"agentId\":\"a\",\"sha256\":\"" + SHA + "\"}"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("region");
    }

    @Test
    void theLiveDecoderReadsTheLiveTypesAndRefusesArtifactEvents() {
        SacredMessage m = new SacredMessage("m-1", "agent-1", MessageType.BLESSING, "hi", "eu", T);
        CouncilEvent message = new MessageSent("m-1", T, m, 0.02, 0.5, 0.52, 1.0);
        assertThat(EventCodec.fromLiveCloudEventJson(EventCodec.toCloudEventJson(message, "//t")))
                .isEqualTo(message);
        CouncilEvent artifact = new ArtifactRemoved("art_1.removed", T, "art_1", "agent-1", "eu", SHA);
        String json = EventCodec.toCloudEventJson(artifact, "//t");
        assertThat(EventCodec.fromCloudEventJson(json)).isEqualTo(artifact);
        assertThatThrownBy(() -> EventCodec.fromLiveCloudEventJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> EventCodec.fromLiveCloudEventJson("[]")).isInstanceOf(EventFormatException.class);
    }
}
