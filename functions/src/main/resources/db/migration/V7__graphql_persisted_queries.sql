-- GraphQL's automatic persisted queries (docs/graphql.md#persisted): shared by every instance of a regional heart.
-- Bounded: heart keeps at most GRAPHQL_PERSISTED_MAX rows, deleting the least recently used on each registration
-- (last_used_at is refreshed at most once a minute per document, so a popular document costs no write per read).
-- V7, not V6: V6 is the artifacts table, built in parallel (docs/artifacts.md).
CREATE TABLE IF NOT EXISTS graphql_persisted_queries (
    sha256 TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS graphql_persisted_queries_last_used ON graphql_persisted_queries (last_used_at);
