"""How a case search runs on the SQLite store (see storage/search_spec.py for the plan).

A community's search is one newest-first read of the full-text index `case_words`
(rowid = seq): it holds the summary's words, the community's scope word and one word
per community and exact term (tag, advice id, rule set), so FTS5 intersects every
criterion itself, led by the shortest list, and the read stops at the count bound.
Dates alone read the `cases_community` index. The operator's search over every
community reads the cases newest first and checks each criterion per case.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from storage.rows import capped_total
from storage.search_spec import Found, SearchSpec, counted, term_word

# Terms carry the community's number; the operator's (unscoped) search reads it per case.
_CASE_COMMUNITY = (
    "COALESCE((SELECT m.community_no FROM cases s JOIN communities m "
    "ON m.hash = s.community_hash WHERE s.seq = k.seq), 0)"
)


def words_match(words: Sequence[str], community_no: int | None) -> str:
    """An FTS5 query for cases whose summary has every word (each quoted as a literal,
    so a member's `"` or `NEAR(` cannot break it), in the community if one is given."""
    quoted = " ".join(f'"{word}"' for word in words)
    return quoted if community_no is None else f"{quoted} zzscope{community_no}"


def criteria_match(spec: SearchSpec, community_no: int) -> str:
    """An FTS5 query for the community's cases meeting every term and word."""
    terms = " ".join(term_word(community_no, term) for term in spec.terms)
    # A term word names the community already; the scope word is for words alone.
    words = words_match(spec.words, None if terms else community_no)
    return f"{words} {terms}".strip()


def community_no(conn: sqlite3.Connection, community_hash: str) -> int | None:
    row = conn.execute(
        "SELECT community_no FROM communities WHERE hash = ?", (community_hash,)
    ).fetchone()
    return None if row is None else int(row[0])


def find(conn: sqlite3.Connection, spec: SearchSpec, count_limit: int) -> Found:
    """The page's seqs and the (bounded) count."""
    if spec.community_hash is None:
        return _stream(conn, spec, None, count_limit)
    number = community_no(conn, spec.community_hash)
    if number is None:
        return Found([], 0, True)
    if spec.terms or spec.words:
        source = (
            "SELECT rowid FROM case_words WHERE case_words MATCH ? AND rowid >= ? AND rowid < ?"
        )
        first: list[Any] = [criteria_match(spec, number)]
    else:
        source = (
            "SELECT seq FROM cases INDEXED BY cases_community "
            "WHERE community_hash = ? AND seq >= ? AND seq < ?"
        )
        first = [spec.community_hash]

    def newest(high: int, limit: int, offset: int) -> list[int]:
        rows = conn.execute(
            f"{source} ORDER BY 1 DESC LIMIT ? OFFSET ?", [*first, spec.low, high, limit, offset]
        )
        return [row[0] for row in rows]

    # One read gives the count and, unless the page lies deeper, the page as well.
    count = counted(newest(spec.high, count_limit + 1, 0), spec, count_limit)
    if count.page is None:
        return Found(newest(spec.page_high, spec.per_page, spec.offset), count.total, count.exact)
    return Found(count.page, count.total, count.exact)


def _checks(
    community: str, terms: Sequence[str], words: Sequence[str]
) -> tuple[list[str], list[Any]]:
    """SQL conditions on `k.seq`: every term (a primary-key lookup) and every word."""
    where = [
        f"EXISTS (SELECT 1 FROM community_terms o WHERE o.community_no = {community} "
        "AND o.term = ? AND o.seq = k.seq)"
        for _ in terms
    ]
    params: list[Any] = list(terms)
    if words:
        where.append(
            "EXISTS (SELECT 1 FROM case_words w WHERE case_words MATCH ? AND w.rowid = k.seq)"
        )
        params.append(words_match(words, None))
    return where, params


def _stream(
    conn: sqlite3.Connection, spec: SearchSpec, number: int | None, count_limit: int
) -> Found:
    """Every criterion is broad (or the search is unscoped): read one list newest first
    and check the rest per case, for a bounded count and one page."""
    community = _CASE_COMMUNITY if number is None else str(number)

    def source(high: int) -> tuple[str, list[Any]]:
        if spec.terms and number is not None:
            where, params = _checks(community, spec.terms[1:], spec.words)
            head = (
                "community_terms k WHERE k.community_no = ? AND k.term = ? "
                "AND k.seq >= ? AND k.seq < ?"
            )
            return " AND ".join([head, *where]), [number, spec.terms[0], spec.low, high, *params]
        where, params = _checks(community, spec.terms, ())
        if spec.words:
            head = (
                "(SELECT rowid AS seq FROM case_words WHERE case_words MATCH ? "
                "AND rowid >= ? AND rowid < ?) k WHERE 1"
            )
            first: list[Any] = [words_match(spec.words, number), spec.low, high]
        elif number is not None:
            head = "cases k INDEXED BY cases_community WHERE k.community_hash = ? "
            head += "AND k.seq >= ? AND k.seq < ?"
            first = [spec.community_hash, spec.low, high]
        else:
            head = "cases k WHERE k.seq >= ? AND k.seq < ?"
            first = [spec.low, high]
        return " AND ".join([head, *where]), [*first, *params]

    counted_from, counted_params = source(spec.high)
    counted = conn.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {counted_from} LIMIT ?)",
        [*counted_params, count_limit + 1],
    ).fetchone()[0]
    total, exact = capped_total(int(counted), count_limit)
    paged_from, paged_params = source(spec.page_high)
    rows = conn.execute(
        f"SELECT k.seq FROM {paged_from} ORDER BY k.seq DESC LIMIT ? OFFSET ?",
        [*paged_params, spec.per_page, spec.offset],
    )
    return Found([row[0] for row in rows], total, exact)
