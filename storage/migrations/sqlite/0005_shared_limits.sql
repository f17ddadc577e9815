-- What the bot must remember besides the cases. One process serves an SQLite case log,
-- so its rate limit is counted in memory; only PostgreSQL keeps rate buckets.

-- A digest of the Discord command definitions last published to each target (an
-- application's global commands, or its commands in one server, whose id is kept as a
-- keyed hash): a start publishes only definitions that changed.
CREATE TABLE published_commands (
    target TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    published_at TEXT NOT NULL
) WITHOUT ROWID;
