-- The field over time for the dashboard's chart (GET /v1/field/history, docs/live-field.md): coherence writes
-- one row per tick in the tick's own transaction (so a redelivered tick, which is not claimed again, writes
-- none) and its sweep deletes rows older than store/Retention.FIELD_HISTORY in small batches by `at`.
CREATE TABLE IF NOT EXISTS field_history (
    tick_id TEXT PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    coherence DOUBLE PRECISION NOT NULL,
    agents_present INTEGER NOT NULL,
    -- {"<region>": {"coherence": c, "agents": n}, ...}: the regions of that tick's field
    regions TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS field_history_at ON field_history (at);
