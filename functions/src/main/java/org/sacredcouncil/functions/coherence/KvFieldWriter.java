package org.sacredcouncil.functions.coherence;

import java.io.IOException;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.functions.cloudflare.KvFieldPublisher;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;

/**
 * Puts each new field into the edge's KV so that a reader never sees the version go backwards there.
 * Cloudflare KV has no compare-and-set, so the writer skips what is already older than what it knows: a
 * version at or below the last one this instance wrote, or below the one in Firestore {@code field/global}
 * right now (a newer tick — on this or another instance — writes its own). A failed PUT is not retried
 * inside the tick: the edge keeps serving its copy and the next tick (a minute later) puts a newer version.
 */
final class KvFieldWriter {

    private static final StructuredLog LOG = StructuredLog.of("coherence");

    private final KvFieldPublisher kv;
    private final LiveView live;
    private long lastWritten;

    KvFieldWriter(KvFieldPublisher kv, LiveView live) {
        this.kv = kv;
        this.live = live;
    }

    /** Called with the ticks of one instance serialised (CoherenceFunction.tick). */
    void write(FieldState state) {
        if (state.version() <= lastWritten) {
            return;
        }
        try {
            FieldState current = live.readField();
            if (current != null && current.version() > state.version()) {
                LOG.info(
                        "KV write skipped: a newer field exists",
                        "version",
                        state.version(),
                        "newest",
                        current.version());
                return;
            }
        } catch (LiveViewException e) {
            // the field was just written; an unreadable re-read does not make this version stale
        }
        try {
            kv.put(FieldStateJson.write(state));
            lastWritten = state.version();
        } catch (IOException e) {
            LOG.error(
                    "Cloudflare KV write failed; the next tick writes a newer field",
                    "version",
                    state.version(),
                    "error",
                    e.getMessage());
        }
    }
}
