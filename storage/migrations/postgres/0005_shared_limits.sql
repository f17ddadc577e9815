-- What several bot processes sharing this database must agree on besides the cases.

-- Each member's token bucket for the rate limit, keyed by a keyed hash of the member
-- (never a platform id). `updated` is seconds since the epoch by the bots' clock;
-- `granted` says whether the last command taken from the bucket was allowed, so that
-- one statement can both count a command and say how it went.
CREATE TABLE rate_buckets (
    key TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL,
    granted BOOLEAN NOT NULL
);
-- Idle buckets are full again and are removed by the daily purge.
CREATE INDEX rate_buckets_updated ON rate_buckets (updated);

-- A digest of the Discord command definitions last published to each target (an
-- application's global commands, or its commands in one server, whose id is kept as a
-- keyed hash): a start publishes only definitions that changed.
CREATE TABLE published_commands (
    target TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    published_at TEXT NOT NULL
);
