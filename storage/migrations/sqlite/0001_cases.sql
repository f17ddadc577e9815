-- The case log. `seq` is (Monday of the created week as a day ordinal) << 32 plus
-- an arrival number, so "newest first" is simply the primary key read backwards,
-- and a date range is a primary-key range.
CREATE TABLE cases (
    seq INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE,
    event_key TEXT NOT NULL UNIQUE,
    created_week TEXT NOT NULL,
    platform TEXT NOT NULL,
    channel_kind TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    channel_hash TEXT NOT NULL,
    community_hash TEXT,
    ruleset TEXT NOT NULL,
    situation TEXT NOT NULL,
    estimate TEXT NOT NULL,
    advice_ids TEXT NOT NULL,
    tags TEXT NOT NULL,
    summary TEXT NOT NULL,
    outcome TEXT,
    outcome_week TEXT
);

-- forget-me finds a member's cases by their hash.
CREATE INDEX cases_user ON cases (user_hash);

-- Counting cases in a date range reads this narrow index, not the wide rows.
CREATE INDEX cases_week ON cases (created_week);

-- One row per searchable term of a case ('tag:threat', 'advice:ask-support',
-- 'ruleset:2025'), keyed so that a term's cases come out newest first.
CREATE TABLE case_terms (
    term TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (term, seq)
) WITHOUT ROWID;

CREATE TABLE case_notes (
    seq INTEGER NOT NULL,
    note_no INTEGER NOT NULL,
    week TEXT NOT NULL,
    moderator_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (seq, note_no)
) WITHOUT ROWID;

-- Free-word search over the bot-written summaries only; the summary text itself
-- lives in `cases` (external content), the index holds tokens. Searches are
-- "every word", never phrases, so no positions are kept (detail = none): a
-- smaller index and faster counts.
CREATE VIRTUAL TABLE cases_fts USING fts5 (
    summary,
    content = 'cases',
    content_rowid = 'seq',
    tokenize = 'porter unicode61',
    detail = none
);

CREATE TRIGGER cases_after_insert AFTER INSERT ON cases BEGIN
    INSERT OR IGNORE INTO case_terms (term, seq)
        SELECT 'tag:' || value, new.seq FROM json_each(new.tags)
        UNION ALL SELECT 'advice:' || value, new.seq FROM json_each(new.advice_ids)
        UNION ALL SELECT 'ruleset:' || new.ruleset, new.seq;
    INSERT INTO cases_fts (rowid, summary) VALUES (new.seq, new.summary);
END;

CREATE TRIGGER cases_after_delete AFTER DELETE ON cases BEGIN
    DELETE FROM case_terms WHERE seq = old.seq AND term IN (
        SELECT 'tag:' || value FROM json_each(old.tags)
        UNION SELECT 'advice:' || value FROM json_each(old.advice_ids)
        UNION SELECT 'ruleset:' || old.ruleset
    );
    DELETE FROM case_notes WHERE seq = old.seq;
    INSERT INTO cases_fts (cases_fts, rowid, summary) VALUES ('delete', old.seq, old.summary);
END;

-- Platform events already answered (hashed keys), so a restart or a Slack retry
-- does not answer twice.
CREATE TABLE seen_events (
    key TEXT PRIMARY KEY,
    seen_day TEXT NOT NULL
) WITHOUT ROWID;
