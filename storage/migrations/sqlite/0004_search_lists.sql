-- A search's exact terms (tag, advice id, rule set) go into the full-text index too, as
-- one word per community and term ('zz17t7461673a...0': community 17, the term's hex,
-- a closing digit so the stemmer leaves it whole). FTS5 then intersects every criterion
-- of a search itself, skipping through the longer lists by the shorter ones, and stops
-- at the count bound: no case is checked one at a time, whatever the order of criteria.
DROP TRIGGER cases_after_insert;
DROP TRIGGER cases_after_delete;
DROP TRIGGER cases_after_update;
DROP TABLE case_words;

CREATE VIRTUAL TABLE case_words USING fts5 (
    body,
    content = '',
    tokenize = 'porter unicode61',
    detail = none
);

-- The indexed text of a case: its summary, its community's scope word, its term words.
-- Contentless, so deletes pass this same text back; every trigger builds it alike.
INSERT INTO case_words (rowid, body)
    SELECT c.seq, c.summary || ' zzscope' || COALESCE(m.community_no, 0) || (
        SELECT group_concat(' zz' || COALESCE(m.community_no, 0) || 't' || lower(hex(t.term))
                            || '0', '')
        FROM (SELECT 'tag:' || value AS term FROM json_each(c.tags)
              UNION ALL SELECT 'advice:' || value FROM json_each(c.advice_ids)
              UNION ALL SELECT 'ruleset:' || c.ruleset) t)
    FROM cases c LEFT JOIN communities m ON m.hash = c.community_hash;

CREATE TRIGGER cases_after_insert AFTER INSERT ON cases BEGIN
    INSERT OR IGNORE INTO communities (hash)
        SELECT new.community_hash WHERE new.community_hash IS NOT NULL;
    INSERT OR IGNORE INTO community_terms (community_no, term, seq)
        SELECT COALESCE((SELECT community_no FROM communities WHERE hash = new.community_hash), 0),
               t.term, new.seq
        FROM (SELECT 'tag:' || value AS term FROM json_each(new.tags)
              UNION ALL SELECT 'advice:' || value FROM json_each(new.advice_ids)
              UNION ALL SELECT 'ruleset:' || new.ruleset) t;
    INSERT INTO case_words (rowid, body)
        SELECT new.seq, new.summary || ' zzscope' || n.no || (
            SELECT group_concat(' zz' || n.no || 't' || lower(hex(t.term)) || '0', '')
            FROM (SELECT 'tag:' || value AS term FROM json_each(new.tags)
                  UNION ALL SELECT 'advice:' || value FROM json_each(new.advice_ids)
                  UNION ALL SELECT 'ruleset:' || new.ruleset) t)
        FROM (SELECT COALESCE((SELECT community_no FROM communities
                               WHERE hash = new.community_hash), 0) AS no) n;
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
    INSERT INTO case_words (case_words, rowid, body)
        SELECT 'delete', old.seq, old.summary || ' zzscope' || n.no || (
            SELECT group_concat(' zz' || n.no || 't' || lower(hex(t.term)) || '0', '')
            FROM (SELECT 'tag:' || value AS term FROM json_each(old.tags)
                  UNION ALL SELECT 'advice:' || value FROM json_each(old.advice_ids)
                  UNION ALL SELECT 'ruleset:' || old.ruleset) t)
        FROM (SELECT COALESCE((SELECT community_no FROM communities
                               WHERE hash = old.community_hash), 0) AS no) n;
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
    INSERT INTO case_words (case_words, rowid, body)
        SELECT 'delete', old.seq, old.summary || ' zzscope' || n.no || (
            SELECT group_concat(' zz' || n.no || 't' || lower(hex(t.term)) || '0', '')
            FROM (SELECT 'tag:' || value AS term FROM json_each(old.tags)
                  UNION ALL SELECT 'advice:' || value FROM json_each(old.advice_ids)
                  UNION ALL SELECT 'ruleset:' || old.ruleset) t)
        FROM (SELECT COALESCE((SELECT community_no FROM communities
                               WHERE hash = old.community_hash), 0) AS no) n;
    INSERT INTO case_words (rowid, body)
        SELECT new.seq, new.summary || ' zzscope' || n.no || (
            SELECT group_concat(' zz' || n.no || 't' || lower(hex(t.term)) || '0', '')
            FROM (SELECT 'tag:' || value AS term FROM json_each(new.tags)
                  UNION ALL SELECT 'advice:' || value FROM json_each(new.advice_ids)
                  UNION ALL SELECT 'ruleset:' || new.ruleset) t)
        FROM (SELECT COALESCE((SELECT community_no FROM communities
                               WHERE hash = new.community_hash), 0) AS no) n;
END;
