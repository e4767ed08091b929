package org.sacredcouncil.functions.heart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The route table is heart's API surface: it lists exactly the endpoints functions/README.md documents. */
class HeartRoutesTest {

    @Test
    void theTableIsTheDocumentedApi() throws Exception {
        // the README's HTTP API table: | `METHOD /v1/...` | auth | request | success |
        List<String> documented = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `(GET|POST|DELETE) (/v1/[^`]*)` \\|")
                .matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        List<String> routed = HeartRoutes.table().stream()
                .map(r -> r.method() + " " + r.pattern())
                .toList();
        assertThat(documented).as("functions/README.md, HTTP API").isNotEmpty();
        assertThat(routed).containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void everyRowNamesItsHandlerAndNoRouteIsListedTwice() {
        assertThat(HeartRoutes.table()).allSatisfy(r -> {
            assertThat(r.method()).isIn("GET", "POST", "DELETE");
            assertThat(r.pattern()).startsWith("/v1/");
            assertThat(r.handler()).isNotBlank();
        });
        assertThat(HeartRoutes.table().stream()
                        .map(r -> r.method() + " " + r.pattern())
                        .distinct())
                .hasSameSizeAs(HeartRoutes.table());
        assertThat(HeartRoutes.table()).contains(new HeartRoutes.Route("POST", "/v1/agents/{id}/keys", "RotateKey"));
    }
}
