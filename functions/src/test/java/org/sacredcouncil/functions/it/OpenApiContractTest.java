package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.heart.HeartRoutes;

/**
 * docs/openapi.json against heart in the invoker (docs/architecture.md#http-api): every operation the document
 * gives heart is routed by heart and answers only statuses the document declares for it; every other method on
 * those paths is heart's 405, an undocumented path its 404; and every error heart sends has exactly the
 * document's error shape ({@code ErrorBody}, which is docs/contracts.md#errors).
 *
 * <p>The routes are probed over HTTP (what a client sees) and compared with {@link HeartRoutes#table()}
 * directly, which also catches a route heart has and the document lacks.
 */
@ExtendWith(LocalCloudExtension.class)
class OpenApiContractTest {

    static final Path DOCUMENT = Path.of("..", "docs", "openapi.json");
    static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    static FunctionStack stack;
    static JsonObject document;

    /** One documented operation: the path as the document writes it, and the lower-case method. */
    record Operation(String path, String method, JsonObject spec) {
        String concretePath() {
            // an agent HeartApiTest registers, so GET /v1/agents/{id} reaches its success case
            return path.replace("{id}", "api-agent");
        }
    }

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        HeartApiTest.start(localCloud);
        stack = HeartApiTest.stack;
        document = JsonReader.parseObject(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
    }

    static List<Operation> documentedOperations() {
        List<Operation> operations = new ArrayList<>();
        JsonObject paths = document.object("paths");
        for (String path : paths.names()) {
            JsonObject item = paths.object(path);
            for (String method : METHODS) {
                JsonObject operation = item.optObject(method);
                // the edge answers some operations itself (x-served-by: edge); heart never sees them
                if (operation != null && !"edge".equals(operation.optString("x-served-by", null))) {
                    operations.add(new Operation(path, method, operation));
                }
            }
        }
        return operations;
    }

    HttpResponse<String> call(String method, String path) throws Exception {
        boolean withBody = method.equals("post") || method.equals("put") || method.equals("patch");
        return stack.heart(method.toUpperCase(java.util.Locale.ROOT), path, withBody ? "{}" : null);
    }

    @Test
    void theDocumentListsExactlyHeartsRouteTable() {
        java.util.Set<String> documented = new java.util.TreeSet<>();
        for (Operation o : documentedOperations()) {
            documented.add(o.method().toUpperCase(java.util.Locale.ROOT) + " " + o.path());
        }
        java.util.Set<String> routed = new java.util.TreeSet<>();
        for (HeartRoutes.Route r : HeartRoutes.table()) {
            routed.add(r.method() + " " + r.pattern());
        }
        assertThat(documented).isEqualTo(routed);
    }

    @Test
    void theDocumentIsOpenApi31AndItsErrorShapeIsHeartsApiError() {
        assertThat(document.string("openapi")).isEqualTo("3.1.0");
        JsonObject errorBody = document.object("components").object("schemas").object("ErrorBody");
        assertThat(errorBody.object("properties").names()).containsExactlyInAnyOrder("code", "message", "field");
        assertThat(errorBody.strings("required")).containsExactlyInAnyOrder("code", "message");
        assertThat(documentedOperations()).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void everyDocumentedOperationIsRoutedByHeartAndAnswersADocumentedStatus() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (Operation op : documentedOperations()) {
            HttpResponse<String> r = call(op.method(), op.concretePath());
            String status = String.valueOf(r.statusCode());
            String what =
                    op.method().toUpperCase(java.util.Locale.ROOT) + " " + op.path() + " → " + status + " " + r.body();
            if (r.statusCode() == 405 || r.body().contains("no such endpoint")) {
                mismatches.add("documented but not routed by heart: " + what);
            } else if (!op.spec().object("responses").has(status)) {
                mismatches.add("status not in the document: " + what);
            }
            if (r.statusCode() >= 400) {
                if (declaresGraphqlAnswer(op, status)) {
                    assertGraphqlErrorShape(r, what);
                } else {
                    assertErrorShape(r, what);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** The status's response (through its $ref) is GraphQL's ({@code application/graphql-response+json}). */
    static boolean declaresGraphqlAnswer(Operation op, String status) {
        JsonObject response = op.spec().object("responses").optObject(status);
        if (response == null) {
            return false;
        }
        String ref = response.optString("$ref", null);
        if (ref != null) {
            response =
                    document.object("components").object("responses").object(ref.substring(ref.lastIndexOf('/') + 1));
        }
        JsonObject content = response.optObject("content");
        return content != null && content.has("application/graphql-response+json");
    }

    /** docs/graphql.md#http: {@code {"errors": [{message, extensions: {code, field?}}]}}, the code in the error pattern. */
    static void assertGraphqlErrorShape(HttpResponse<String> r, String what) {
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .as(what)
                .startsWith("application/graphql-response+json");
        JsonObject body = JsonReader.parseObject(r.body());
        assertThat(body.names()).as(what).containsExactly("errors");
        JsonObject error = body.objects("errors").get(0);
        assertThat(error.string("message")).as(what).isNotBlank();
        assertThat(error.object("extensions").string("code"))
                .as(what)
                .matches(document.object("components")
                        .object("schemas")
                        .object("ErrorBody")
                        .object("properties")
                        .object("code")
                        .string("pattern"));
    }

    @Test
    void everyOtherMethodOnADocumentedPathIsHearts405AndAnUndocumentedPathIts404() throws Exception {
        JsonObject paths = document.object("paths");
        List<String> mismatches = new ArrayList<>();
        Set<String> heartPaths = new TreeSet<>();
        for (Operation op : documentedOperations()) {
            heartPaths.add(op.path());
        }
        for (String path : heartPaths) {
            for (String method : METHODS) {
                if (paths.object(path).optObject(method) != null) {
                    continue;
                }
                HttpResponse<String> r = call(method, new Operation(path, method, null).concretePath());
                String what = method.toUpperCase(java.util.Locale.ROOT) + " " + path + " → " + r.statusCode();
                if (r.statusCode() != 405) {
                    mismatches.add("heart takes a method the document does not list: " + what + " " + r.body());
                } else {
                    assertErrorShape(r, what);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        HttpResponse<String> unknown = call("get", "/v1/not-in-the-document");
        assertThat(paths.has("/v1/not-in-the-document")).isFalse();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertErrorShape(unknown, "GET /v1/not-in-the-document");
    }

    /** The body is {@code Error}: one key {@code error}, holding code and message (strings) and maybe field. */
    static void assertErrorShape(HttpResponse<String> r, String what) {
        JsonObject errorSchema = document.object("components").object("schemas").object("ErrorBody");
        JsonObject body = JsonReader.parseObject(r.body());
        assertThat(body.names()).as(what).containsExactly("error");
        JsonObject error = body.object("error");
        assertThat(errorSchema.object("properties").names()).as(what).containsAll(error.names());
        assertThat(error.names()).as(what).containsAll(errorSchema.strings("required"));
        assertThat(error.string("code"))
                .as(what)
                .matches(errorSchema.object("properties").object("code").string("pattern"));
        assertThat(error.string("message")).as(what).isNotBlank();
    }
}
