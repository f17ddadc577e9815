-- Every moderator search is scoped to one community, so the search indexes are keyed by
-- the community first: a search reads only its own community's entries, not every
-- community's entries of a term. Communities get a small number so that the millions of
-- index entries do not each repeat a 64-character hash (0: cases of no community).
CREATE TABLE communities (
    community_no SERIAL PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE
);

INSERT INTO communities (hash)
    SELECT DISTINCT community_hash FROM cases WHERE community_hash IS NOT NULL ORDER BY 1;

ALTER TABLE cases ADD COLUMN community_no INTEGER NOT NULL DEFAULT 0;
UPDATE cases c SET community_no = m.community_no FROM communities m
    WHERE m.hash = c.community_hash;

-- A search by dates alone reads its community's cases newest first from this index.
CREATE INDEX cases_community ON cases (community_no, seq);

-- The summary's words plus one scope word naming the case's community ('zzscope17'):
-- GIN intersects a word's cases with the community's (skipping through the longer list)
-- instead of reading every community's matches.
ALTER TABLE cases DROP COLUMN summary_tsv;
ALTER TABLE cases ADD COLUMN words TSVECTOR GENERATED ALWAYS AS (
    to_tsvector('english', summary) || array_to_tsvector(ARRAY['zzscope' || community_no::text])
) STORED;
CREATE INDEX cases_words ON cases USING GIN (words);

-- The searchable terms of a case, as stored in community_terms.
CREATE FUNCTION case_terms_of(tags TEXT[], advice_ids TEXT[], ruleset TEXT)
RETURNS SETOF TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT 'tag:' || t FROM unnest(tags) AS t
    UNION SELECT 'advice:' || a FROM unnest(advice_ids) AS a
    UNION SELECT 'ruleset:' || ruleset
$$;

-- One row per searchable term of a case under its community, so that a term's cases in
-- one community come out newest first from the primary key.
CREATE TABLE community_terms (
    community_no INTEGER NOT NULL,
    term TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (community_no, term, seq)
);

INSERT INTO community_terms (community_no, term, seq)
    SELECT c.community_no, t.term, c.seq
    FROM cases c, case_terms_of(c.tags, c.advice_ids, c.ruleset) AS t(term);

-- A new case's community number (a new community gets the next one).
CREATE FUNCTION cases_number_community() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.community_hash IS NOT NULL THEN
        SELECT community_no INTO NEW.community_no FROM communities
            WHERE hash = NEW.community_hash;
        IF NOT FOUND THEN
            INSERT INTO communities (hash) VALUES (NEW.community_hash)
                ON CONFLICT (hash) DO NOTHING;
            SELECT community_no INTO NEW.community_no FROM communities
                WHERE hash = NEW.community_hash;
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER cases_number_community BEFORE INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_number_community();

-- Per statement: a batch of cases writes its terms in one set-based INSERT.
CREATE FUNCTION cases_add_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO community_terms (community_no, term, seq)
        SELECT n.community_no, t.term, n.seq
        FROM inserted n, case_terms_of(n.tags, n.advice_ids, n.ruleset) AS t(term);
    RETURN NULL;
END
$$;

CREATE TRIGGER cases_add_terms AFTER INSERT ON cases
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION cases_add_terms();

-- Per row, by primary key: a forget-me or a purge removes exactly its cases' terms.
CREATE FUNCTION cases_drop_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM community_terms
        WHERE community_no = OLD.community_no AND seq = OLD.seq
        AND term IN (SELECT case_terms_of(OLD.tags, OLD.advice_ids, OLD.ruleset));
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO community_terms (community_no, term, seq)
            SELECT NEW.community_no, t.term, NEW.seq
            FROM case_terms_of(NEW.tags, NEW.advice_ids, NEW.ruleset) AS t(term);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER cases_drop_terms AFTER DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_drop_terms();

-- A case continued in its conversation: its terms follow what it now says.
CREATE TRIGGER cases_rewrite_terms AFTER UPDATE OF tags, advice_ids, ruleset ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_drop_terms();
