-- PostgreSQL numbers its search terms from this version on. SQLite searches through its
-- full-text index, whose words are short already, so nothing changes here; the file
-- keeps both kinds of database at the same numbered version.
SELECT 1;
