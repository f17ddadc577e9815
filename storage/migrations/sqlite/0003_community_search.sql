-- Every moderator search is scoped to one community, so the search indexes are keyed by
-- the community first: a search reads only its own community's entries, not every
-- community's entries of a term. Communities get a small number so that the millions of
-- index entries do not each repeat a 64-character hash.
CREATE TABLE communities (
    community_no INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE
);

INSERT INTO communities (hash)
    SELECT DISTINCT community_hash FROM cases WHERE community_hash IS NOT NULL ORDER BY 1;

-- A search by dates alone reads its community's cases newest first from this index.
CREATE INDEX cases_community ON cases (community_hash, seq);

DROP TRIGGER cases_after_insert;
DROP TRIGGER cases_after_delete;
DROP TRIGGER cases_after_update;

-- One row per searchable term of a case ('tag:threat', 'advice:ask-support',
-- 'ruleset:2025') under its community (0: cases of no community), so that a term's
-- cases in one community come out newest first.
CREATE TABLE community_terms (
    community_no INTEGER NOT NULL,
    term TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (community_no, term, seq)
) WITHOUT ROWID;

INSERT INTO community_terms (community_no, term, seq)
    SELECT COALESCE(m.community_no, 0), t.term, t.seq
    FROM case_terms t JOIN cases c ON c.seq = t.seq
    LEFT JOIN communities m ON m.hash = c.community_hash;

DROP TABLE case_terms;

-- Free words of the summaries plus one scope word naming the case's community
-- ('zzscope17'), so that FTS5 intersects a word's cases with the community's while it
-- reads them (skipping ahead through the longer list) instead of reading every
-- community's matches. Contentless (the summary is in `cases`): deletes pass the indexed
-- text back, built the same way in every trigger.
CREATE VIRTUAL TABLE case_words USING fts5 (
    body,
    content = '',
    tokenize = 'porter unicode61',
    detail = none
);

INSERT INTO case_words (rowid, body)
    SELECT c.seq, c.summary || ' zzscope' || COALESCE(m.community_no, 0)
    FROM cases c LEFT JOIN communities m ON m.hash = c.community_hash;

DROP TABLE cases_fts;

CREATE TRIGGER cases_after_insert AFTER INSERT ON cases BEGIN
    INSERT OR IGNORE INTO communities (hash)
        SELECT new.community_hash WHERE new.community_hash IS NOT NULL;
    INSERT OR IGNORE INTO community_terms (community_no, term, seq)
        SELECT COALESCE((SELECT community_no FROM communities WHERE hash = new.community_hash), 0),
               t.term, new.seq
        FROM (SELECT 'tag:' || value AS term FROM json_each(new.tags)
              UNION ALL SELECT 'advice:' || value FROM json_each(new.advice_ids)
              UNION ALL SELECT 'ruleset:' || new.ruleset) t;
    INSERT INTO case_words (rowid, body) VALUES (new.seq, new.summary || ' zzscope' ||
        COALESCE((SELECT community_no FROM communities WHERE hash = new.community_hash), 0));
END;

CREATE TRIGGER cases_after_delete AFTER DELETE ON cases BEGIN
    DELETE FROM community_terms
        WHERE community_no =
            COALESCE((SELECT community_no FROM communities WHERE hash = old.community_hash), 0)
        AND seq = old.seq AND term IN (
            SELECT 'tag:' || value FROM json_each(old.tags)
            UNION SELECT 'advice:' || value FROM json_each(old.advice_ids)
            UNION SELECT 'ruleset:' || old.ruleset);
    DELETE FROM case_notes WHERE seq = old.seq;
    INSERT INTO case_words (case_words, rowid, body) VALUES ('delete', old.seq,
        old.summary || ' zzscope' ||
        COALESCE((SELECT community_no FROM communities WHERE hash = old.community_hash), 0));
END;

-- A case continued in its conversation is rewritten in place: its searchable terms and
-- its words follow what it now says (its community never changes).
CREATE TRIGGER cases_after_update AFTER UPDATE OF tags, advice_ids, ruleset, summary ON cases
BEGIN
    DELETE FROM community_terms
        WHERE community_no =
            COALESCE((SELECT community_no FROM communities WHERE hash = old.community_hash), 0)
        AND seq = old.seq AND term IN (
            SELECT 'tag:' || value FROM json_each(old.tags)
            UNION SELECT 'advice:' || value FROM json_each(old.advice_ids)
            UNION SELECT 'ruleset:' || old.ruleset);
    INSERT OR IGNORE INTO community_terms (community_no, term, seq)
        SELECT COALESCE((SELECT community_no FROM communities WHERE hash = new.community_hash), 0),
               t.term, new.seq
        FROM (SELECT 'tag:' || value AS term FROM json_each(new.tags)
              UNION ALL SELECT 'advice:' || value FROM json_each(new.advice_ids)
              UNION ALL SELECT 'ruleset:' || new.ruleset) t;
    INSERT INTO case_words (case_words, rowid, body) VALUES ('delete', old.seq,
        old.summary || ' zzscope' ||
        COALESCE((SELECT community_no FROM communities WHERE hash = old.community_hash), 0));
    INSERT INTO case_words (rowid, body) VALUES (new.seq, new.summary || ' zzscope' ||
        COALESCE((SELECT community_no FROM communities WHERE hash = new.community_hash), 0));
END;
