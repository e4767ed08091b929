package org.sacredcouncil.functions.store;

import java.time.Duration;

/**
 * How long each piece of bookkeeping is kept, and why that is long enough (functions/README.md, "Bounded
 * bookkeeping"). Every horizon is derived from terraform/delivery-policy.json (docs/contracts.md#delivery-policy):
 * a message lives at most {@code messageRetentionSeconds} (1 day) on a function subscription and, once parked,
 * {@code deadLetterRetentionSeconds} (7 days) on the dead-letter subscription, from where a redrive republishes
 * it with its original event id.
 */
public final class Retention {

    private Retention() {}

    /**
     * {@code processed_ticks}: a tick can be redelivered for at most the subscription's retention (1 day); a
     * tick redelivered after its claim expired only recomputes the field once more (version + 1, same values).
     */
    public static final Duration PROCESSED_TICKS = Duration.ofDays(2);

    /**
     * {@code idempotency_keys}: a client's retry with the same {@code Idempotency-Key} is answered from the
     * record for this long (the usual API contract: retry within a day). heart prunes on its write path
     * ({@link IdempotencyStore}); coherence's sweep is the backstop while no heart writes. One horizon for both.
     */
    public static final Duration IDEMPOTENCY_KEYS = Duration.ofHours(24);

    /**
     * Field shards and their duplicate markers ({@code fieldShards/{shard}/applied/{eventId}}) matter only
     * while their bucket can be read: coherence folds the last 60 buckets. Shards older than the window plus
     * this many buckets are deleted; a redelivery of such an old event re-creates a shard outside the window,
     * which nothing reads and the next sweep deletes again.
     */
    public static final int SHARD_MARGIN_BUCKETS = 60;

    /**
     * The log itself ({@code events}, {@code messages}, {@code message_glyphs}) is kept until an operator
     * prunes it. {@code prune_event_log(cutoff)} (V3 migration) refuses a cutoff younger than this: the
     * window (1 h) and presence (5 min) need far less, but the event id is also the duplicate marker of memory,
     * so a row must outlive every redelivery and redrive of its event (1 + 7 days) plus a day of margin.
     */
    public static final Duration LOG_MINIMUM_AGE = Duration.ofDays(9);

    /**
     * {@code field_history} (one row per tick): the dashboard charts the last hour; a day is kept so that an
     * operator can look further back ({@code GET /v1/field/history?minutes=1440}). 1,440 rows a day deployed.
     */
    public static final Duration FIELD_HISTORY = Duration.ofHours(24);

    /** At most this many rows or shards per table per tick, so a sweep never makes a tick slow. */
    public static final int SWEEP_BATCH = 500;
}
