-- Search terms are kept as numbers: `search_terms` numbers each term once, and
-- community_terms keys its lists by (community, term number, seq). An index entry is then
-- 28 bytes instead of about 44, and it stays packed as cases arrive: an entry this narrow
-- lets PostgreSQL split a full page just after a list's newest entry rather than in half,
-- where the text key left every page it split half empty for good (about 72 bytes an
-- entry in all). A search reads under half the index pages it did, and reading them,
-- mostly from outside the server's buffers, was most of a search's time.
CREATE TABLE search_terms (
    term_no SERIAL PRIMARY KEY,
    term TEXT NOT NULL UNIQUE
);

INSERT INTO search_terms (term) SELECT DISTINCT term FROM community_terms ORDER BY 1;

-- The same lists by number; the key is built once, sorted, after the fill.
SET LOCAL maintenance_work_mem = '256MB';
ALTER TABLE community_terms RENAME TO community_terms_by_text;
CREATE TABLE community_terms (
    community_no INTEGER NOT NULL,
    term_no INTEGER NOT NULL,
    seq BIGINT NOT NULL
);
INSERT INTO community_terms (community_no, term_no, seq)
    SELECT o.community_no, s.term_no, o.seq
    FROM community_terms_by_text o JOIN search_terms s ON s.term = o.term;
DROP TABLE community_terms_by_text;
ALTER TABLE community_terms ADD PRIMARY KEY (community_no, term_no, seq);
-- Plans weigh each list's length from these statistics (autovacuum would take a while).
ANALYZE community_terms;
ANALYZE search_terms;

-- Numbers the terms not numbered yet. Each statement of a function sees what others
-- committed before it began, so a term numbered meanwhile by another process is
-- skipped here and found by the caller's next statement. Terms already numbered are
-- left out before inserting, so they use up no serial numbers; new ones go in sorted,
-- so two processes numbering the same new terms wait on each other in one order.
CREATE FUNCTION number_search_terms(terms TEXT[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO search_terms (term)
        SELECT DISTINCT t FROM unnest(terms) AS t
        WHERE NOT EXISTS (SELECT 1 FROM search_terms s WHERE s.term = t)
        ORDER BY 1
        ON CONFLICT (term) DO NOTHING
$$;

CREATE OR REPLACE FUNCTION cases_add_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM number_search_terms(ARRAY(
        SELECT t.term
        FROM inserted n, case_search_terms(n.tags, n.advice_ids, n.ruleset, n.summary) AS t(term)
    ));
    INSERT INTO community_terms (community_no, term_no, seq)
        SELECT n.community_no, s.term_no, n.seq
        FROM inserted n, case_search_terms(n.tags, n.advice_ids, n.ruleset, n.summary) AS t(term)
        JOIN search_terms s ON s.term = t.term;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION cases_drop_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM community_terms
        WHERE community_no = OLD.community_no AND seq = OLD.seq
        AND term_no IN (
            SELECT s.term_no FROM search_terms s WHERE s.term IN (
                SELECT case_search_terms(OLD.tags, OLD.advice_ids, OLD.ruleset, OLD.summary)
            )
        );
    IF TG_OP = 'UPDATE' THEN
        PERFORM number_search_terms(ARRAY(
            SELECT case_search_terms(NEW.tags, NEW.advice_ids, NEW.ruleset, NEW.summary)
        ));
        INSERT INTO community_terms (community_no, term_no, seq)
            SELECT NEW.community_no, s.term_no, NEW.seq FROM search_terms s WHERE s.term IN (
                SELECT case_search_terms(NEW.tags, NEW.advice_ids, NEW.ruleset, NEW.summary)
            );
    END IF;
    RETURN NULL;
END
$$;
