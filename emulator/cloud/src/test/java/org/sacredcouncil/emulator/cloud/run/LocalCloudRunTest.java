package org.sacredcouncil.emulator.cloud.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The local cloud's Cloud Run: its services as Terraform names them, and each accepted update printed. */
class LocalCloudRunTest {

    static final String HEART = "projects/sacred-council-local/locations/europe-west1/services/sacred-heart-eu";

    @Test
    void servesTheLocalServicesAndPrintsEachUpdate() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (CloudRunAdminStandIn standIn = LocalCloudRun.startOrNull(
                "sacred-council-local", null, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            assertThat(standIn.service(HEART).getScaling().getMaxInstanceCount())
                    .isEqualTo(3);
            HttpClient http = HttpClient.newHttpClient();
            // the REST shape the official client sends (PATCH as POST + X-HTTP-Method-Override, camelCase mask)
            HttpResponse<String> ok = http.send(
                    HttpRequest.newBuilder(URI.create(standIn.endpoint() + "/v2/" + HEART
                                    + "?updateMask=scaling.minInstanceCount,scaling.maxInstanceCount"))
                            .header("X-HTTP-Method-Override", "PATCH")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + HEART
                                    + "\",\"scaling\":{\"minInstanceCount\":1,\"maxInstanceCount\":2}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body())
                    .contains("\"done\": true")
                    .contains("type.googleapis.com/google.cloud.run.v2.Service");
            // an unknown field of Service is refused, as by the real API
            HttpResponse<String> bad = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    standIn.endpoint() + "/v2/" + HEART + "?updateMask=scaling.minInstanceCount"))
                            .method(
                                    "PATCH",
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"name\":\"" + HEART + "\",\"scaling\":{\"minInstances\":1}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("INVALID_ARGUMENT").contains("minInstances");
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("scaling  sacred-heart-eu  min 0 → 1, max 3 → 2")
                .hasLineCount(1);
        assertThat(LocalCloudRun.startOrNull("p", "off", System.out)).isNull();
    }
}
