-- heart: the edge signature's replay guard, API key rotation, and event seeds for idempotent publishing.

-- docs/contracts.md#edge-signature: one row per nonce of a signed write; a second insert is a replay.
-- Rows older than 2 × 60 s are deleted by heart (the signature is stale by then anyway).
CREATE TABLE edge_nonces (
    nonce   TEXT PRIMARY KEY,
    seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX edge_nonces_seen ON edge_nonces (seen_at);

-- One row per rotated (revoked) key: lets a retry of a rotation whose answer was lost get the same new key
-- (derived from the old key and this salt, never stored) within a short window; pruned after it.
CREATE TABLE api_key_rotations (
    old_key_hash    BYTEA PRIMARY KEY,
    agent_id        TEXT NOT NULL,
    salt            BYTEA NOT NULL,
    idempotency_key TEXT,
    rotated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX api_key_rotations_time ON api_key_rotations (rotated_at);

-- event_seed: the event id of a keyed write is derived from (scope, key, seed), so every retry within the
-- record's life republishes the same id (memory keeps one), while a key reused after the record expired
-- is a new event. claimed_at: the lease of the attempt in progress (NULL: released, free to take over);
-- created_at stays the start of the record's window.
ALTER TABLE idempotency_keys
    ADD COLUMN event_seed TEXT NOT NULL DEFAULT gen_random_uuid()::text,
    ADD COLUMN claimed_at TIMESTAMPTZ;
UPDATE idempotency_keys SET claimed_at = created_at WHERE status IS NULL;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
