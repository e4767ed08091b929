package org.sacredcouncil.functions.heart;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;

/**
 * Firestore's {@code field/global}, cached 5 s: the field changes once a minute, so a few seconds of
 * staleness for {@code GET /v1/field} and for a message's impact is harmless. Before the first tick: the
 * initial state.
 */
final class CurrentField {

    private final LiveView live;
    private final Cache<String, FieldState> cache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5))
            .maximumSize(1)
            .build();

    CurrentField(LiveView live) {
        this.live = live;
    }

    FieldState get() throws LiveViewException {
        FieldState cached = cache.getIfPresent("global");
        if (cached != null) {
            return cached;
        }
        FieldState state = live.readField();
        if (state == null) {
            state = FieldState.initial();
        }
        cache.put("global", state);
        return state;
    }
}
