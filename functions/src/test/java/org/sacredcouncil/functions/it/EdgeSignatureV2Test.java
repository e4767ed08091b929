package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.store.EdgeNonceStore;

/**
 * docs/contracts.md#edge-signature through heart in the invoker: a captured signed request could be replayed
 * straight at a heart with another body and another agent's key (accepted 6 of 6 before v2); now the
 * signature covers the body, Authorization and Host, and a write's nonce is refused the second time.
 */
@ExtendWith(LocalCloudExtension.class)
class EdgeSignatureV2Test {

    static LocalCloud cloud;
    static SignedHeart heart;
    static String key;
    static String otherKey;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        HeartApiTest.start(localCloud);
        key = HeartApiTest.key;
        heart = SignedHeart.start(localCloud);
        FunctionStack stack = FunctionStack.on(localCloud);
        HttpResponse<String> other = stack.heart("POST", "/v1/agents", "{\"name\":\"Other agent\"}");
        otherKey = JsonReader.parseObject(other.body()).string("apiKey");
    }

    static String code(HttpResponse<String> r) {
        return JsonReader.parseObject(r.body()).object("error").string("code");
    }

    @Test
    void aCapturedWriteCannotBeReplayedNorReusedWithAnotherBodyKeyOrHost() throws Exception {
        HeartApiTest.tapped();
        String body = "{\"type\":\"blessing\",\"text\":\"signed once\"}";
        String auth = "Bearer " + key;
        Map<String, String> captured = heart.edgeHeaders("POST", heart.host(), "/v1/messages", body, auth);
        HttpResponse<String> first = heart.send("POST", "/v1/messages", body, captured);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);

        HttpResponse<String> replay = heart.send("POST", "/v1/messages", body, captured);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(code(replay)).isEqualTo("replayed_request");

        Map<String, String> fresh = heart.edgeHeaders("POST", heart.host(), "/v1/messages", body, auth);
        HttpResponse<String> otherBody =
                heart.send("POST", "/v1/messages", "{\"type\":\"concern\",\"text\":\"forged\"}", fresh);
        assertThat(otherBody.statusCode()).isEqualTo(401);
        assertThat(code(otherBody)).isEqualTo("invalid_edge_signature");

        Map<String, String> otherAgent =
                new HashMap<>(heart.edgeHeaders("POST", heart.host(), "/v1/messages", body, auth));
        otherAgent.put("Authorization", "Bearer " + otherKey);
        assertThat(code(heart.send("POST", "/v1/messages", body, otherAgent))).isEqualTo("invalid_edge_signature");

        // signed for another region's heart: the Host differs
        Map<String, String> otherHost =
                heart.edgeHeaders("POST", "us-central1-sacred.cloudfunctions.net", "/v1/messages", body, auth);
        SignedHeart.Raw atThisHeart =
                SignedHeart.raw(heart.port, "POST", "/v1/messages", heart.host(), otherHost, body);
        assertThat(atThisHeart.status()).isEqualTo(401);
        SignedHeart.Raw asSigned = SignedHeart.raw(
                heart.port, "POST", "/v1/messages", "us-central1-sacred.cloudfunctions.net", otherHost, body);
        assertThat(asSigned.status()).as(asSigned.body()).isEqualTo(202);
        // (the same body from the same agent within the implicit window: the first message's answer)
        assertThat(JsonReader.parseObject(asSigned.body()).string("eventId"))
                .isEqualTo(JsonReader.parseObject(first.body()).string("eventId"));

        List<String> published = HeartApiTest.tapped();
        assertThat(published).hasSize(1).noneMatch(m -> m.contains("forged"));
    }

    @Test
    void staleAndV1SignaturesAreRefusedAndReadsNeedNoNonce() throws Exception {
        long old = System.currentTimeMillis() / 1000 - 61;
        HttpResponse<String> stale = heart.send(
                "GET", "/v1/field", null, heart.edgeHeaders("GET", heart.host(), "/v1/field", null, null, old));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.body()).contains("stale");
        HttpResponse<String> v1 = heart.send(
                "GET",
                "/v1/field",
                null,
                Map.of("X-Edge-Signature", "t=" + System.currentTimeMillis() / 1000 + ",v1=" + "0".repeat(64)));
        assertThat(v1.statusCode()).isEqualTo(401);
        assertThat(v1.body()).contains("v1");
        Map<String, String> read = heart.edgeHeaders("GET", heart.host(), "/v1/field", null, null);
        assertThat(heart.send("GET", "/v1/field", null, read).statusCode()).isEqualTo(200);
        assertThat(heart.send("GET", "/v1/field", null, read).statusCode())
                .as("a GET is not a write")
                .isEqualTo(200);
    }

    @Test
    void theSignatureIsCheckedOverTheRawTargetUnderAPrefixToo() throws Exception {
        // a ';' in the path: the edge signs the bytes it sends, heart verifies the bytes it received
        String target = "/v1/agents/api-agent;x?y=%41";
        SignedHeart.Raw semicolon = SignedHeart.raw(
                heart.port,
                "GET",
                target,
                heart.host(),
                heart.edgeHeaders("GET", heart.host(), target, null, null),
                null);
        assertThat(semicolon.status()).as(semicolon.body()).isEqualTo(400);
        assertThat(semicolon.body()).contains("invalid_field").doesNotContain("invalid_edge_signature");
        // mounted under /heart: the signed part starts at /v1/
        SignedHeart.Raw prefixed = SignedHeart.raw(
                heart.port,
                "GET",
                "/heart/v1/agents/api-agent",
                heart.host(),
                heart.edgeHeaders("GET", heart.host(), "/v1/agents/api-agent", null, null),
                null);
        assertThat(prefixed.status()).as(prefixed.body()).isEqualTo(200);
    }

    @Test
    void oldNoncesArePrunedAfterTwiceTheValidity() throws Exception {
        String nonce = SignedHeart.nonce();
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO edge_nonces (nonce, seen_at) VALUES (?, now() - make_interval(secs => ?))")) {
            s.setString(1, nonce);
            s.setInt(2, EdgeNonceStore.KEEP_SECONDS + 1);
            s.executeUpdate();
        }
        EdgeNonceStore store = new EdgeNonceStore(cloud.dataSource());
        assertThat(store.claim(SignedHeart.nonce())).isTrue();
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM edge_nonces WHERE nonce = ?")) {
            s.setString(1, nonce);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getInt(1)).isZero();
            }
        }
    }
}
