-- Bounded bookkeeping (functions/README.md "Bounded bookkeeping", store/Retention.java).
-- coherence's sweep deletes expired processed_ticks and idempotency_keys in small batches by age:
CREATE INDEX IF NOT EXISTS processed_ticks_time ON processed_ticks (processed_at);
CREATE INDEX IF NOT EXISTS idempotency_keys_time ON idempotency_keys (created_at);

-- The operator's prune of the log itself. The log is kept until pruned; a cutoff younger than 9 days is
-- refused: the window recomputation needs the last hour only, but the event id is memory's duplicate marker
-- and must outlive every redelivery (1 day) and redrive (7 days on the dead-letter subscription) of its event.
-- Archive first if wanted: \copy (SELECT * FROM events WHERE occurred_at < '...') TO 'events.csv' CSV HEADER
CREATE OR REPLACE FUNCTION prune_event_log(cutoff TIMESTAMPTZ) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    pruned BIGINT;
BEGIN
    IF cutoff IS NULL OR cutoff > now() - INTERVAL '9 days' THEN
        RAISE EXCEPTION 'prune_event_log: cutoff % is younger than 9 days (the window, redeliveries and redrives still need those events)', cutoff
            USING ERRCODE = 'check_violation';
    END IF;
    DELETE FROM message_glyphs g USING messages m, events e
        WHERE g.message_id = m.id AND m.event_id = e.event_id AND e.occurred_at < cutoff;
    DELETE FROM messages m USING events e WHERE m.event_id = e.event_id AND e.occurred_at < cutoff;
    DELETE FROM events WHERE occurred_at < cutoff;
    GET DIAGNOSTICS pruned = ROW_COUNT;
    RETURN pruned;
END;
$$;
