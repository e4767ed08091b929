package org.sacredcouncil.functions.cloudflare;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * Writes the field state to the edge Worker's KV namespace through the Cloudflare REST API:
 * {@code PUT {base}/accounts/{account}/storage/kv/namespaces/{namespace}/values/field-state} with a
 * bearer API token and the value as the raw body.
 */
public final class KvFieldPublisher {

    public static final String FIELD_STATE_KEY = "field-state";

    private final String baseUrl;
    private final String accountId;
    private final String namespaceId;
    private final String apiToken;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public KvFieldPublisher(String baseUrl, String accountId, String namespaceId, String apiToken) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.accountId = accountId;
        this.namespaceId = namespaceId;
        this.apiToken = apiToken;
    }

    /** Null unless all three credentials are configured. */
    public static KvFieldPublisher fromConfig() {
        String account = FunctionConfig.cfAccountId();
        String namespace = FunctionConfig.cfKvNamespaceId();
        String token = FunctionConfig.cfApiToken();
        if (account == null || namespace == null || token == null) {
            return null;
        }
        return new KvFieldPublisher(FunctionConfig.cfApiBaseUrl(), account, namespace, token);
    }

    public URI valueUri() {
        return URI.create(baseUrl + "/accounts/" + enc(accountId) + "/storage/kv/namespaces/" + enc(namespaceId)
                + "/values/" + FIELD_STATE_KEY);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** @throws IOException when Cloudflare does not answer 2xx with {@code "success": true} */
    public void put(String fieldStateJson) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(valueUri())
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiToken)
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(fieldStateJson, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2
                || !response.body().replace(" ", "").contains("\"success\":true")) {
            throw new IOException("Cloudflare KV write answered " + response.statusCode() + ": " + response.body());
        }
    }
}
