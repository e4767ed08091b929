package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.store.FieldHistory;

/** heart's {@code GET /v1/field/history}: the ticks' fields read back from the window's history table. */
@ExtendWith(LocalCloudExtension.class)
class FieldHistoryTest {

    static LocalCloud cloud;
    static FunctionStack stack;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
    }

    @Test
    void eachTickIsAPointOfTheHistoryOldestFirst() throws Exception {
        assertThat(Push.deliver(stack.http, stack.coherencePort, "tick-" + UUID.randomUUID(), "{}"))
                .isEqualTo(200);
        FieldState first = PipelineTest.field(cloud.firestore());
        // a minute's chart has steps of 83 ms and keeps each step's last tick: two ticks closer than that are
        // one point by design, so the second waits out more than a step
        Thread.sleep(3 * 60_000L / FieldHistory.MAX_POINTS);
        assertThat(Push.deliver(stack.http, stack.coherencePort, "tick-" + UUID.randomUUID(), "{}"))
                .isEqualTo(200);
        FieldState second = PipelineTest.field(cloud.firestore());

        // one minute: steps of 83 ms, so both ticks are points of their own
        HttpResponse<String> r = stack.heart("GET", "/v1/field/history?minutes=1", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=30");
        JsonObject body = JsonReader.parseObject(r.body());
        assertThat(body.integer("minutes")).isEqualTo(1);
        List<JsonObject> points = body.objects("points");
        List<Long> versions = points.stream().map(p -> p.integer("version")).toList();
        assertThat(versions).contains(first.version(), second.version()).isSorted();
        JsonObject last = points.get(points.size() - 1);
        assertThat(last.integer("version")).isEqualTo(second.version());
        assertThat(last.number("coherence")).isEqualTo(second.global().coherence());
        assertThat(last.integer("agentsPresent")).isEqualTo(second.global().agents());
        assertThat(last.object("regions").names()).isEqualTo(second.regions().keySet());
        assertThat(last.string("at")).endsWith("Z");
        // no query: the last hour, in steps of 5 s (720 points at most), each step's latest tick
        JsonObject hour = JsonReader.parseObject(
                stack.heart("GET", "/v1/field/history", null).body());
        assertThat(hour.integer("minutes")).isEqualTo(60);
        List<JsonObject> hourPoints = hour.objects("points");
        assertThat(hourPoints.size()).isBetween(1, 720);
        assertThat(hourPoints.get(hourPoints.size() - 1).integer("version")).isEqualTo(second.version());
    }

    @Test
    void aBadMinutesIsTheClientsFourHundredNamingIt() throws Exception {
        for (String bad : List.of("0", "-5", "1441", "abc", "1.5", "99999999999")) {
            HttpResponse<String> r = stack.heart("GET", "/v1/field/history?minutes=" + bad, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            JsonObject error = JsonReader.parseObject(r.body()).object("error");
            assertThat(error.string("code")).isEqualTo("invalid_field");
            assertThat(error.string("field")).isEqualTo("query:minutes");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        assertThat(stack.heart("POST", "/v1/field/history", "{}").statusCode()).isEqualTo(405);
    }
}
