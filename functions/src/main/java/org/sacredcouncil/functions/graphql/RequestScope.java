package org.sacredcouncil.functions.graphql;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.functions.http.JsonResponse;

/**
 * One GraphQL request while it executes (in graphql-java's context): the REST calls it makes, the pause input,
 * and what the one mutation's REST answer decided for the HTTP answer (status, headers;
 * docs/graphql.md#http), plus the first failure of heart's own that must become the whole answer.
 */
final class RequestScope {

    final RestCall rest;
    /** The edge's {@code X-Field-Coherence}, null when absent. */
    final String fieldCoherence;

    private int mutationStatus;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private RuntimeException failure;

    RequestScope(RestCall rest, String fieldCoherence) {
        this.rest = rest;
        this.fieldCoherence = fieldCoherence;
    }

    /** A REST read: its JSON object, or the field error of its refusal. */
    JsonObject read(String target) {
        return ok(call("GET", target, null));
    }

    JsonResponse call(String method, String target, String body) {
        try {
            return rest.call(method, target, body);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new DependencyFailure(e);
        }
    }

    /** The answer's JSON when it is a success, else its refusal as a field error. */
    static JsonObject ok(JsonResponse answer) {
        if (answer.status() >= 400) {
            throw FieldFailure.of(answer);
        }
        return JsonReader.parseObject(answer.body());
    }

    /** The mutation's REST answer decides the HTTP status and headers. */
    void mutationAnswered(int status, Map<String, String> answerHeaders) {
        mutationStatus = status;
        headers.putAll(answerHeaders);
    }

    int mutationStatus() {
        return mutationStatus;
    }

    Map<String, String> headers() {
        return headers;
    }

    void failed(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
    }

    RuntimeException failure() {
        return failure;
    }
}
