"""How a case search runs on the SQLite store (see storage/search_spec.py for the plan).

Each criterion has a newest-first list: `community_terms` keyed by (community, term,
seq) for an exact term, the full-text index `case_words` (rowid = seq) for the words
together with the community's scope word, the `cases_community` index for dates alone.
Every statement reads one of those lists backwards from the top of the seq range and
checks the other criteria per case by primary key, so nothing gathers and sorts every
match of a broad criterion.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from storage.rows import capped_total, dump_json
from storage.search_spec import PROBE_LIMIT, Found, SearchSpec, page_of, shortest

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


def community_no(conn: sqlite3.Connection, community_hash: str) -> int | None:
    row = conn.execute(
        "SELECT community_no FROM communities WHERE hash = ?", (community_hash,)
    ).fetchone()
    return None if row is None else int(row[0])


def find(conn: sqlite3.Connection, spec: SearchSpec, count_limit: int) -> Found:
    """The page's seqs and the count, driven by the most selective criterion."""
    if spec.community_hash is None:
        return _stream(conn, spec, None, count_limit)
    number = community_no(conn, spec.community_hash)
    if number is None:
        return Found([], 0, True)
    lists = [_term_probe(conn, number, term, spec) for term in spec.terms]
    best = shortest(lists)
    if best is None and spec.words:
        lists.append(_words_probe(conn, number, spec))
        best = shortest(lists)
    if best is None:
        return _stream(conn, spec, number, count_limit)
    others = [term for index, term in enumerate(spec.terms) if index != best]
    words = spec.words if best < len(spec.terms) else ()
    matches = _checked(conn, number, lists[best], others, words)
    total, exact = capped_total(len(matches), count_limit)
    return Found(page_of(matches, spec), total, exact)


def _term_probe(conn: sqlite3.Connection, number: int, term: str, spec: SearchSpec) -> list[int]:
    """Up to PROBE_LIMIT + 1 of the term's cases in range, newest first (index only)."""
    rows = conn.execute(
        "SELECT seq FROM community_terms WHERE community_no = ? AND term = ? "
        "AND seq >= ? AND seq < ? ORDER BY seq DESC LIMIT ?",
        (number, term, spec.low, spec.high, PROBE_LIMIT + 1),
    )
    return [row[0] for row in rows]


def _words_probe(conn: sqlite3.Connection, number: int, spec: SearchSpec) -> list[int]:
    rows = conn.execute(
        "SELECT rowid FROM case_words WHERE case_words MATCH ? AND rowid >= ? AND rowid < ? "
        "ORDER BY rowid DESC LIMIT ?",
        (words_match(spec.words, number), spec.low, spec.high, PROBE_LIMIT + 1),
    )
    return [row[0] for row in rows]


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


def _checked(
    conn: sqlite3.Connection,
    number: int,
    candidates: Sequence[int],
    terms: Sequence[str],
    words: Sequence[str],
) -> list[int]:
    """The candidates (newest first) that meet the other criteria."""
    if not terms and not words:
        return list(candidates)
    where, params = _checks(str(number), terms, words)
    rows = conn.execute(
        "SELECT k.seq FROM (SELECT value AS seq FROM json_each(?)) k "
        f"WHERE {' AND '.join(where)} ORDER BY k.seq DESC",
        [dump_json(list(candidates)), *params],
    )
    return [row[0] for row in rows]


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
