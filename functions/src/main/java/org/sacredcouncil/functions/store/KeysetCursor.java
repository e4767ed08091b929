package org.sacredcouncil.functions.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a newest-first page ended: the (time, id) of its last row, the keyset the next page starts below
 * ({@code (t, id) < (?, ?)} on an index of both). One format for every list (messages, artifacts, GraphQL's
 * edges): base64url of {@code millis:id}, opaque to clients (docs/architecture.md, the HTTP API).
 */
public record KeysetCursor(long atMillis, String id) {

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((atMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Only the shape is checked here; whether the parts could be a row's is the API's call (heart's {@code
     * PageRequest}, before anything reaches PostgreSQL).
     *
     * @throws IllegalArgumentException when the text was not made by {@link #encode}
     */
    public static KeysetCursor decode(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notACursor();
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw notACursor();
        }
        try {
            return new KeysetCursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw notACursor();
        }
    }

    private static IllegalArgumentException notACursor() {
        return new IllegalArgumentException("not a cursor from a previous page");
    }
}
