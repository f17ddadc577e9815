-- The words of a summary become searchable terms of their own ('word:threaten', the
-- English stem), kept in community_terms beside tags, advice ids and rule sets. Every
-- criterion of a search is then a newest-first list in one B-tree, so the lists are
-- intersected by index-only merge joins that stop at the count bound: no table row is
-- read to count, and no bitmap of a common word's cases is gathered and sorted.
DROP INDEX cases_words;
ALTER TABLE cases DROP COLUMN words;

-- The word terms of a summary.
CREATE FUNCTION case_words_of(summary TEXT)
RETURNS SETOF TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT 'word:' || w FROM unnest(tsvector_to_array(to_tsvector('english', summary))) AS w
$$;

-- Every searchable term of a case, as stored in community_terms.
CREATE FUNCTION case_search_terms(tags TEXT[], advice_ids TEXT[], ruleset TEXT, summary TEXT)
RETURNS SETOF TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT case_terms_of(tags, advice_ids, ruleset) UNION SELECT case_words_of(summary)
$$;

-- A bulk fill builds the key once, sorted, rather than entry by entry.
SET LOCAL maintenance_work_mem = '256MB';
ALTER TABLE community_terms DROP CONSTRAINT community_terms_pkey;
INSERT INTO community_terms (community_no, term, seq)
    SELECT c.community_no, w.term, c.seq FROM cases c, case_words_of(c.summary) AS w(term);
ALTER TABLE community_terms ADD PRIMARY KEY (community_no, term, seq);

CREATE OR REPLACE FUNCTION cases_add_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO community_terms (community_no, term, seq)
        SELECT n.community_no, t.term, n.seq
        FROM inserted n, case_search_terms(n.tags, n.advice_ids, n.ruleset, n.summary) AS t(term);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION cases_drop_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM community_terms
        WHERE community_no = OLD.community_no AND seq = OLD.seq
        AND term IN (SELECT case_search_terms(OLD.tags, OLD.advice_ids, OLD.ruleset, OLD.summary));
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO community_terms (community_no, term, seq)
            SELECT NEW.community_no, t.term, NEW.seq
            FROM case_search_terms(NEW.tags, NEW.advice_ids, NEW.ruleset, NEW.summary) AS t(term);
    END IF;
    RETURN NULL;
END
$$;

-- A case continued in its conversation: its terms and words follow what it now says.
DROP TRIGGER cases_rewrite_terms ON cases;
CREATE TRIGGER cases_rewrite_terms AFTER UPDATE OF tags, advice_ids, ruleset, summary ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_drop_terms();
