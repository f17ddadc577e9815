-- The case log. `seq` is (Monday of the created week as a day ordinal) << 32 plus
-- an arrival number from `case_arrival`, so "newest first" is the primary key
-- read backwards and a date range is a primary-key range, as on SQLite.
CREATE SEQUENCE case_arrival;

CREATE TABLE cases (
    seq BIGINT PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE,
    event_key TEXT NOT NULL UNIQUE,
    created_week DATE NOT NULL,
    platform TEXT NOT NULL,
    channel_kind TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    channel_hash TEXT NOT NULL,
    community_hash TEXT,
    ruleset TEXT NOT NULL,
    situation JSONB NOT NULL,
    estimate JSONB NOT NULL,
    advice_ids TEXT[] NOT NULL,
    tags TEXT[] NOT NULL,
    summary TEXT NOT NULL,
    summary_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', summary)) STORED,
    outcome TEXT,
    outcome_week DATE
);

CREATE INDEX cases_user ON cases (user_hash);
CREATE INDEX cases_tags ON cases USING GIN (tags);
CREATE INDEX cases_advice ON cases USING GIN (advice_ids);
CREATE INDEX cases_ruleset ON cases (ruleset, seq);
CREATE INDEX cases_summary ON cases USING GIN (summary_tsv);

CREATE TABLE case_notes (
    note_id BIGSERIAL PRIMARY KEY,
    seq BIGINT NOT NULL REFERENCES cases (seq) ON DELETE CASCADE,
    week DATE NOT NULL,
    moderator_hash TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX case_notes_seq ON case_notes (seq);

CREATE TABLE seen_events (
    key TEXT PRIMARY KEY,
    seen_day DATE NOT NULL
);
