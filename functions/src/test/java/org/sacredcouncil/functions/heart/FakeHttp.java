package org.sacredcouncil.functions.heart;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-process request and response for driving {@link HeartFunction#service} without a server: what
 * the invoker hands heart (raw URI, headers, body stream), with the invoker's lazy query decoding, which
 * throws on bad percent-encoding as Jetty's does.
 */
final class FakeHttp {

    private FakeHttp() {}

    static final class Request implements HttpRequest {
        private final String method;
        private final String uri;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final InputStream body;

        Request(String method, String target, Map<String, String> headers, byte[] body) {
            this.method = method;
            this.uri = "http://heart.test" + target;
            headers.forEach((k, v) ->
                    this.headers.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            this.body = new ByteArrayInputStream(body);
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public String getUri() {
            return uri;
        }

        private String rawPathAndQuery() {
            return uri.substring("http://heart.test".length());
        }

        @Override
        public String getPath() {
            String raw = rawPathAndQuery();
            int q = raw.indexOf('?');
            return q < 0 ? raw : raw.substring(0, q);
        }

        @Override
        public Optional<String> getQuery() {
            String raw = rawPathAndQuery();
            int q = raw.indexOf('?');
            return q < 0 ? Optional.empty() : Optional.of(raw.substring(q + 1));
        }

        @Override
        public Map<String, List<String>> getQueryParameters() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            String query = getQuery().orElse("");
            if (query.isEmpty()) {
                return out;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(name, x -> new ArrayList<>()).add(value);
            }
            return out;
        }

        @Override
        public Map<String, HttpPart> getParts() {
            throw new IllegalStateException("not multipart");
        }

        @Override
        public Optional<String> getContentType() {
            return getFirstHeader("Content-Type");
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public Optional<String> getCharacterEncoding() {
            return Optional.empty();
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }
    }

    static final class Response implements HttpResponse {
        int status = 200;
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void setStatusCode(int code) {
            status = code;
        }

        @Override
        public void setStatusCode(int code, String message) {
            status = code;
        }

        @Override
        public void setContentType(String contentType) {
            headers.put("Content-Type", new ArrayList<>(List.of(contentType)));
        }

        @Override
        public Optional<String> getContentType() {
            List<String> values = headers.get("Content-Type");
            return values == null ? Optional.empty() : Optional.of(values.get(0));
        }

        @Override
        public void appendHeader(String header, String value) {
            headers.computeIfAbsent(header, x -> new ArrayList<>()).add(value);
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public OutputStream getOutputStream() {
            return body;
        }

        @Override
        public BufferedWriter getWriter() {
            return new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}
