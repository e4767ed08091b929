package org.sacredcouncil.functions.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.functions.http.JsonResponse;

/**
 * The artifact fields' REST requests (docs/artifacts.md#listing, #deleting) and the listing's shape as an
 * {@code ArtifactConnection}: what {@link RestArtifacts} will send once heart routes them (not yet on this branch).
 */
class RestArtifactsTest {

    static final String PAGE = "{\"artifacts\":[{\"id\":\"art_1\",\"agentId\":\"a\",\"sha256\":\"" + "0".repeat(64)
            + "\",\"contentType\":\"image/png\",\"size\":3,\"name\":null,\"messageId\":null,"
            + "\"addedAt\":\"2026-12-02T00:00:00.000Z\",\"url\":\"/v1/artifacts/" + "0".repeat(64)
            + "\"}],\"nextCursor\":\"c2\"}";

    @Test
    void listingAndDeletingAreTheRestRoutesWithEncodedValues() throws Exception {
        List<String> sent = new ArrayList<>();
        RestCall rest = (method, target, body) -> {
            sent.add(method + " " + target + " " + body);
            return new JsonResponse(200, PAGE);
        };
        RestArtifacts artifacts = new RestArtifacts();
        artifacts.list(rest, "a b", null, 5, "c&1");
        artifacts.list(rest, null, "msg-1", null, null);
        artifacts.delete(rest, "art_/x");
        assertThat(sent)
                .containsExactly(
                        "GET /v1/artifacts?agentId=a+b&limit=5&cursor=c%261 null",
                        "GET /v1/artifacts?messageId=msg-1 null", "DELETE /v1/artifacts/art_%2Fx null");
    }

    @Test
    void theListingIsAConnection() {
        Map<String, Object> connection = Shapes.artifacts(JsonReader.parseObject(PAGE));
        assertThat(connection.get("pageInfo")).isEqualTo(Map.of("hasNextPage", true, "endCursor", "c2"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> edges = (List<Map<String, Object>>) connection.get("edges");
        assertThat(edges).hasSize(1);
        assertThat(edges.get(0).get("cursor")).isEqualTo("c2");
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) edges.get(0).get("node");
        assertThat(node).containsEntry("id", "art_1").containsEntry("contentType", "image/png");
    }
}
