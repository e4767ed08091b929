package org.sacredcouncil.functions.heart;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.IdempotencyStore;
import org.sacredcouncil.functions.telemetry.Telemetry;

/**
 * A write of heart's ({@code POST /v1/agents}, {@code /v1/messages}, {@code /v1/presence}) run at most once
 * per idempotency record: this class owns the claim → work → complete/release protocol of
 * {@link IdempotencyStore} (functions/README.md, "Retries and idempotency"). Its invariants, all here:
 *
 * <ul>
 *   <li><b>Every refusal before anything is written.</b> The caller has checked the whole request before
 *       {@link #run}; the {@code Idempotency-Key} header is checked here before the claim, and the claim is
 *       the request's first write. A refusal the work itself finds (a taken agent id) is an answer too: it
 *       is stored, and the same key gets the same refusal.
 *   <li><b>Publish before commit.</b> The work publishes its event before it commits anything of its own
 *       (a refused publish leaves no row behind), and the record is completed only after the work returned:
 *       a {@code 202} is stored only for an event Pub/Sub acknowledged.
 *   <li><b>One event id per record.</b> The work publishes under {@link Work#run}'s {@code stableId},
 *       derived from (scope, operation, key, the record's {@code event_seed}). A failed or timed-out publish
 *       (which Pub/Sub may have accepted after all) releases the claim but keeps the seed, so the retry
 *       republishes the same id and consumers keep one event.
 *   <li><b>Replay.</b> Same key and same request: the stored answer's bytes ({@link Outcome#replay}, which
 *       differs from the first answer only by withholding secrets); same key, different request:
 *       {@code 422 idempotency_key_reused}; the first still running: {@code 409 idempotency_in_progress}; a
 *       claim whose lease ran out (its heart died) is taken over with its seed; a record past its window is
 *       forgotten and the key is new again.
 * </ul>
 */
final class IdempotentWrite {

    /** The window of the implicit key (same agent, same exact body): the client's retries fall within it. */
    static final int IMPLICIT_WINDOW_SECONDS = 120;
    /** The scope of writes made before there is an agent (registration). */
    static final String ANONYMOUS_SCOPE = "-";

    /** The first answer, and what a retry with the same key gets (they differ only for secrets). */
    record Outcome(JsonResponse first, JsonResponse replay) {

        static Outcome same(JsonResponse answer) {
            return new Outcome(answer, answer);
        }
    }

    /** The work of a write. */
    interface Work {
        /** @param stableId the event id the work publishes under; null when there is no record (see {@link #eventId}) */
        Outcome run(String stableId) throws SQLException, PublishFailedException, LiveViewException;
    }

    /** What is written: scope (the agent, or {@link #ANONYMOUS_SCOPE}), operation ("POST /v1/…") and the exact body. */
    record Request(String scope, String operation, String body) {}

    private final Database database;
    private final IdempotencyStore records;

    IdempotentWrite(Database database, IdempotencyStore records) {
        this.database = database;
        this.records = records;
    }

    /**
     * A write without an idempotency record (a registration without a key) publishes under a random id;
     * every other write under the id derived from its record's seed.
     */
    static String eventId(String stableId) {
        return stableId != null ? stableId : UUID.randomUUID().toString();
    }

    /**
     * Runs {@code work} at most once per record. With an Idempotency-Key the record lives
     * {@link IdempotencyStore#RETENTION_SECONDS}; without one, when {@code implicit} is allowed, the key is the
     * SHA-256 of the exact body and the record lives {@link #IMPLICIT_WINDOW_SECONDS} (identical bodies from
     * one agent within the window are one event); without one and not {@code implicit}, the work just runs.
     */
    JsonResponse run(IncomingRequest http, Request write, boolean implicit, Work work)
            throws SQLException, PublishFailedException, LiveViewException {
        String explicitKey = idempotencyKey(http);
        database.migrated();
        if (explicitKey == null && !implicit) {
            return work.run(null).first();
        }
        String requestHash = sha256(write.operation() + "\n" + write.body());
        String key = explicitKey != null ? explicitKey : "implicit:" + requestHash;
        int window = explicitKey != null ? IdempotencyStore.RETENTION_SECONDS : IMPLICIT_WINDOW_SECONDS;
        IdempotencyStore.Claim claim = records.claim(write.scope(), key, requestHash, window);
        if (claim instanceof IdempotencyStore.Replay replay) {
            Telemetry.of("heart").metrics().idempotencyReplay(write.operation());
            return new JsonResponse(replay.status(), replay.body());
        }
        if (claim instanceof IdempotencyStore.Mismatch) {
            throw new ApiError(
                    422,
                    "idempotency_key_reused",
                    "header:Idempotency-Key",
                    "this key was used for a different request");
        }
        if (claim instanceof IdempotencyStore.InProgress) {
            throw new ApiError(
                    409,
                    "idempotency_in_progress",
                    explicitKey != null ? "header:Idempotency-Key" : null,
                    "the same request is still in progress; retry shortly");
        }
        String seed = ((IdempotencyStore.Claimed) claim).eventSeed();
        String stableId = UUID.nameUUIDFromBytes((write.scope() + "\n" + write.operation() + "\n" + key + "\n" + seed)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        Outcome outcome;
        try {
            outcome = work.run(stableId);
        } catch (ApiError e) {
            records.complete(
                    write.scope(), key, e.status(), JsonResponse.error(e).body());
            throw e;
        } catch (SQLException | PublishFailedException | LiveViewException | RuntimeException e) {
            records.release(write.scope(), key);
            throw e;
        }
        records.complete(
                write.scope(), key, outcome.replay().status(), outcome.replay().body());
        return outcome.first();
    }

    /** The Idempotency-Key header, checked (docs/contracts.md#errors); null when absent. */
    static String idempotencyKey(IncomingRequest request) {
        Optional<String> header = request.header("Idempotency-Key");
        if (header.isEmpty()) {
            return null;
        }
        ApiError.requireCleanLabel("header:Idempotency-Key", header.get());
        String key = header.get().trim();
        if (key.isEmpty() || key.length() > 255 || !isVisibleAscii(key)) {
            throw ApiError.invalid("header:Idempotency-Key", "1 to 255 visible ASCII characters (a UUID, say)");
        }
        return key;
    }

    private static boolean isVisibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x21 || s.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
