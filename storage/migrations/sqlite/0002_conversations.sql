-- Conversations: a thread (or a member's console session) continues one case. The key is
-- a keyed hash of where the conversation happens and who holds it; it lapses on `expires`.
CREATE TABLE conversations (
    key TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    expires TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX conversations_case ON conversations (case_id);

-- A case continued in its conversation is rewritten in place: its searchable terms and
-- its words follow what it now says.
CREATE TRIGGER cases_after_update AFTER UPDATE OF tags, advice_ids, ruleset, summary ON cases
BEGIN
    DELETE FROM case_terms WHERE seq = old.seq AND term IN (
        SELECT 'tag:' || value FROM json_each(old.tags)
        UNION SELECT 'advice:' || value FROM json_each(old.advice_ids)
        UNION SELECT 'ruleset:' || old.ruleset
    );
    INSERT OR IGNORE INTO case_terms (term, seq)
        SELECT 'tag:' || value, new.seq FROM json_each(new.tags)
        UNION ALL SELECT 'advice:' || value, new.seq FROM json_each(new.advice_ids)
        UNION ALL SELECT 'ruleset:' || new.ruleset, new.seq;
    INSERT INTO cases_fts (cases_fts, rowid, summary) VALUES ('delete', old.seq, old.summary);
    INSERT INTO cases_fts (rowid, summary) VALUES (new.seq, new.summary);
END;
