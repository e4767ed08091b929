-- Artifact records (docs/artifacts.md#model): memory writes them from council.artifact.added/removed, heart reads
-- them for quotas, ownership and listings. The blob itself is in R2 under artifacts/<sha256>, shared by every
-- record with the same sha256.
-- A removed artifact keeps its row (removed_at set) as a tombstone, so a late or redelivered added event cannot
-- bring it back (docs/artifacts.md#events). A removal that arrives before its added event writes the tombstone
-- alone: what only the added event carries (type, size, time) is then unknown, hence nullable; a live row always
-- has it (the check).
CREATE TABLE IF NOT EXISTS artifacts (
    artifact_id  TEXT PRIMARY KEY,
    agent_id     TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    content_type TEXT,
    size_bytes   BIGINT,
    name         TEXT,
    message_id   TEXT,
    added_at     TIMESTAMPTZ,
    removed_at   TIMESTAMPTZ,
    -- the event that wrote the row: the added event, or the removed one for a tombstone written first
    event_id     TEXT NOT NULL,
    CONSTRAINT artifacts_live_complete CHECK (
        removed_at IS NOT NULL OR (content_type IS NOT NULL AND size_bytes IS NOT NULL AND added_at IS NOT NULL))
);
-- the keyset listings (docs/artifacts.md#listing), newest first over (added_at, id), live rows only
CREATE INDEX IF NOT EXISTS artifacts_agent_time ON artifacts (agent_id, added_at DESC, artifact_id DESC)
    WHERE removed_at IS NULL;
CREATE INDEX IF NOT EXISTS artifacts_message_time ON artifacts (message_id, added_at DESC, artifact_id DESC)
    WHERE removed_at IS NULL AND message_id IS NOT NULL;
-- a removal's blobReferenced: is another live record of the same blob left? (docs/artifacts.md#deleting)
CREATE INDEX IF NOT EXISTS artifacts_sha256 ON artifacts (sha256) WHERE removed_at IS NULL;
