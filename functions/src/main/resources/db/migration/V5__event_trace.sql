-- The W3C traceparent memory received each event under (functions/README.md#telemetry): coherence's tick, a
-- trace of its own (the scheduler causes it), links to the traces of the newest messages it folded.
-- Nullable: events recorded before this column, and events that arrived without trace context, have none.
ALTER TABLE events ADD COLUMN IF NOT EXISTS trace_parent TEXT;
