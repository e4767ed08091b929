package org.sacredcouncil.edge.cache;

import java.util.function.Supplier;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.edge.log.LogLine;
import org.sacredcouncil.edge.platform.ExecutionContext;
import org.sacredcouncil.edge.platform.Kv;
import org.sacredcouncil.edge.platform.RejectionText;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.teavm.jso.core.JSPromise;

/**
 * Moves field states between the tiers: isolate memory ({@link FieldCache}) → KV → origin
 * {@code GET /v1/field}.
 *
 * <p>A refresh reads KV first (with {@code cacheTtl}, so most reads are served by the data centre's cache);
 * if the KV copy is fresh it is enough, otherwise the origin is asked and a newer answer is written back to
 * KV through {@code waitUntil}. The promises never reject: a failed tier is logged and the cache keeps what
 * it had (stale-if-error).
 *
 * <p>The two tiers are single-flighted separately: at most one KV read and at most one origin fetch run per
 * isolate, and concurrent callers share them. A slow origin (up to {@code ORIGIN_TIMEOUT_MS}) must not hold
 * back a newer state that a writer such as the coherence function has already put in KV, so KV reads go on
 * (one per memory TTL) while an origin fetch is in flight. A caller that already has something to serve
 * does not wait for the origin at all.
 */
public final class FieldLoader {

    private final FieldCache cache;
    private final Kv kv;
    private final int kvCacheTtlSeconds;
    private final long kvFreshMillis;
    private final Supplier<JSPromise<Response>> originField;
    private JSPromise<KvCopy> kvRunning;
    private JSPromise<Void> originRunning;

    /**
     * @param originField sends a signed {@code GET /v1/field} along the routing plan; resolves with the
     *                    response, or null when no origin answered
     */
    public FieldLoader(
            FieldCache cache,
            Kv kv,
            int kvCacheTtlSeconds,
            long kvFreshMillis,
            Supplier<JSPromise<Response>> originField) {
        this.cache = cache;
        this.kv = kv;
        this.kvCacheTtlSeconds = kvCacheTtlSeconds;
        this.kvFreshMillis = kvFreshMillis;
        this.originField = originField;
    }

    /**
     * Makes the cache hold something usable, if anything can be had: nothing to wait for when it is fresh,
     * or stale (a background refresh starts); a refresh to wait for when it is missing or expired.
     * Check {@link FieldCache#held()} afterwards: it stays null when no tier had a state.
     *
     * @return null when the caller can go on at once (no promise hop on the hot path), else the refresh
     */
    public JSPromise<Void> ensure(ExecutionContext ctx) {
        long now = now();
        switch (cache.freshness(now)) {
            case Freshness.FRESH:
                return null;
            case Freshness.STALE:
                if (cache.shouldRefresh(now)) {
                    ctx.waitUntil(revalidate(ctx));
                }
                return null;
            default:
                return load(ctx);
        }
    }

    /**
     * For a caller with nothing servable: resolves once KV, or failing a fresh KV copy the origin, has been
     * asked.
     */
    public JSPromise<Void> load(ExecutionContext ctx) {
        return readKvOnce()
                .flatThen(kvCopy -> isFresh(kvCopy) ? JSPromise.resolve(null) : fromOriginOnce(ctx, versionOf(kvCopy)));
    }

    /**
     * For a caller that is serving a stale state: resolves once KV has been read; an origin fetch, when the
     * KV copy is not fresh, runs on under {@code waitUntil} without holding back the next KV read.
     */
    public JSPromise<Void> revalidate(ExecutionContext ctx) {
        return readKvOnce().then(kvCopy -> {
            if (!isFresh(kvCopy)) {
                ctx.waitUntil(fromOriginOnce(ctx, versionOf(kvCopy)));
            }
            return null;
        });
    }

    private boolean isFresh(KvCopy kvCopy) {
        return kvCopy != null && kvCopy.isFresh(now(), kvFreshMillis);
    }

    private static long versionOf(KvCopy kvCopy) {
        return kvCopy == null ? -1 : kvCopy.state().version();
    }

    /** Joins the KV read in flight, if any, else starts one (and marks the cache as refreshing meanwhile). */
    private JSPromise<KvCopy> readKvOnce() {
        if (kvRunning != null) {
            return kvRunning;
        }
        cache.refreshStarted(now());
        kvRunning = readKv().then(
                        copy -> {
                            cache.refreshEnded();
                            kvRunning = null;
                            return copy;
                        },
                        error -> {
                            cache.refreshEnded();
                            kvRunning = null;
                            WorkerRuntime.log(LogLine.error("field refresh failed")
                                    .with("reason", RejectionText.of(error))
                                    .toJson());
                            return null;
                        });
        return kvRunning;
    }

    /** Joins the origin fetch in flight, if any, else starts one. */
    private JSPromise<Void> fromOriginOnce(ExecutionContext ctx, long kvVersion) {
        if (originRunning != null) {
            return originRunning;
        }
        originRunning = fromOrigin(ctx, kvVersion)
                .then(
                        ignored -> {
                            originRunning = null;
                            return null;
                        },
                        error -> {
                            originRunning = null;
                            WorkerRuntime.log(LogLine.error("field fetch from origin failed")
                                    .with("reason", RejectionText.of(error))
                                    .toJson());
                            return null;
                        });
        return originRunning;
    }

    private JSPromise<KvCopy> readKv() {
        if (kv == null) {
            return JSPromise.resolve(null);
        }
        return Kv.getWithMetadata(kv, KvCopy.KEY, kvCacheTtlSeconds)
                .then(
                        entry -> {
                            String text = entry == null ? null : entry.getValue();
                            if (text == null) {
                                return null;
                            }
                            try {
                                KvCopy copy = KvCopy.of(FieldStateJson.parse(text), Kv.Entry.fetchedAtOf(entry));
                                // A copy KV vouches for counts as confirmed now; an old one keeps its age, so it is
                                // served
                                // stale while the origin is asked.
                                long now = now();
                                cache.offer(
                                        copy.state(),
                                        copy.isFresh(now, kvFreshMillis) ? now : copy.fetchedAtMillis(),
                                        FieldTier.KV);
                                return copy;
                            } catch (JsonException e) {
                                WorkerRuntime.log(LogLine.error("field state in KV is invalid")
                                        .with("reason", e.getMessage())
                                        .toJson());
                                return null;
                            }
                        },
                        error -> {
                            WorkerRuntime.log(LogLine.warning("KV read failed")
                                    .with("reason", RejectionText.of(error))
                                    .toJson());
                            return null;
                        });
    }

    private JSPromise<Void> fromOrigin(ExecutionContext ctx, long kvVersion) {
        return originField.get().flatThen(response -> {
            if (response == null) {
                WorkerRuntime.log(
                        LogLine.warning("no origin answered GET /v1/field").toJson());
                return JSPromise.resolve(null);
            }
            if (response.getStatus() != 200) {
                Response.discard(response);
                WorkerRuntime.log(LogLine.warning("origin refused GET /v1/field")
                        .with("status", response.getStatus())
                        .toJson());
                return JSPromise.resolve(null);
            }
            return response.text().then(body -> {
                FieldState state;
                try {
                    state = FieldStateJson.parse(body.stringValue());
                } catch (JsonException e) {
                    WorkerRuntime.log(LogLine.error("origin sent an invalid field state")
                            .with("reason", e.getMessage())
                            .toJson());
                    return null;
                }
                long fetchedAt = now();
                cache.offer(state, fetchedAt, FieldTier.ORIGIN);
                // Only a newer state goes back to KV: an origin that lags must not roll KV back.
                if (kv != null
                        && state.version() > kvVersion
                        && state.version() >= cache.heldState().version()) {
                    ctx.waitUntil(Kv.put(kv, KvCopy.KEY, cache.held().json(), fetchedAt));
                }
                return null;
            });
        });
    }

    private static long now() {
        return (long) WorkerRuntime.nowMillis();
    }
}
