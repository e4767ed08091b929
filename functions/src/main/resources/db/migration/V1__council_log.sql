-- The council's log and its read models. Event ids are primary keys: a redelivered event is a no-op insert.

CREATE TABLE agents (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    region     TEXT NOT NULL,
    -- SHA-256 of the API key; the key itself is shown once and never stored.
    key_hash   BYTEA NOT NULL UNIQUE,
    joined_at  TIMESTAMPTZ NOT NULL,
    last_seen  TIMESTAMPTZ,
    left_at    TIMESTAMPTZ
);

CREATE TABLE events (
    event_id    TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    agent_id    TEXT,
    region      TEXT,
    occurred_at TIMESTAMPTZ NOT NULL,
    impact      DOUBLE PRECISION,
    -- the CloudEvent exactly as published (structured-mode JSON)
    cloud_event TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- coherence reads only the window: (type, occurred_at) keeps that cost independent of the log's size
CREATE INDEX events_type_time ON events (type, occurred_at);

CREATE TABLE messages (
    id        TEXT PRIMARY KEY,
    event_id  TEXT NOT NULL UNIQUE REFERENCES events (event_id),
    agent_id  TEXT NOT NULL,
    type      TEXT NOT NULL,
    text      TEXT NOT NULL,
    region    TEXT NOT NULL,
    impact    DOUBLE PRECISION NOT NULL,
    sent_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX messages_time ON messages (sent_at DESC, id DESC);
CREATE INDEX messages_agent_time ON messages (agent_id, sent_at DESC, id DESC);

-- wisdom's answer per message; not a foreign key: wisdom may run before memory has written the message
CREATE TABLE message_glyphs (
    message_id TEXT PRIMARY KEY,
    glyphs     TEXT NOT NULL,
    reflection TEXT,
    source     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- heart's Idempotency-Key records: the first request claims the key, retries get its stored answer
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER,
    body         TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);

-- coherence ticks already folded (a redelivered tick publishes nothing new)
CREATE TABLE processed_ticks (
    tick_id      TEXT PRIMARY KEY,
    field_version BIGINT NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
