"""How a case search runs on the PostgreSQL store (see storage/search_spec.py for the plan).

Each criterion has a newest-first list: `community_terms` keyed by (community, term,
seq) for an exact term, the GIN index on `words` (the summary's words plus the
community's scope word) for words, `cases_community` (community, seq) for dates alone.
The statements name their driving list themselves, so the plan does not hinge on the
planner guessing selectivity from a prepared statement's parameters; the probes of all
terms go in one round trip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information

from storage.rows import capped_total
from storage.search_spec import PROBE_LIMIT, Found, SearchSpec, page_of, shortest

# The words of a search as a tsquery, in the community when a scope word is given.
_WORDS = "plainto_tsquery('english', ${w}::text)"
_SCOPED_WORDS = "(plainto_tsquery('english', ${w}::text) && ${s}::tsquery)"


class _Params:
    """Positional parameters, numbered as they are added."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


def _words(params: _Params, words: Sequence[str], number: int | None) -> str:
    text = params(" ".join(words))
    if number is None:
        return _WORDS.replace("${w}", text)
    return _SCOPED_WORDS.replace("${w}", text).replace("${s}", params(f"zzscope{number}"))


def _checks(
    params: _Params, community: str, terms: Sequence[str], words: Sequence[str]
) -> list[str]:
    """SQL conditions on `k.seq`: every term (a primary-key lookup) and the words."""
    where = [
        f"EXISTS (SELECT 1 FROM community_terms o WHERE o.community_no = {community} "
        f"AND o.term = {params(term)} AND o.seq = k.seq)"
        for term in terms
    ]
    if words:
        where.append(
            "EXISTS (SELECT 1 FROM cases c WHERE c.seq = k.seq "
            f"AND c.words @@ {_words(params, words, None)})"
        )
    return where


async def find(conn: asyncpg.Connection, spec: SearchSpec, count_limit: int) -> Found:
    """The page's seqs and the count, driven by the most selective criterion."""
    if spec.community_hash is None:
        return await _stream(conn, spec, None, count_limit)
    number = await conn.fetchval(
        "SELECT community_no FROM communities WHERE hash = $1", spec.community_hash
    )
    if number is None:
        return Found([], 0, True)
    lists = await _term_probes(conn, number, spec)
    best = shortest(lists)
    if best is None and spec.words:
        lists.append(await _words_probe(conn, number, spec))
        best = shortest(lists)
    if best is None:
        return await _stream(conn, spec, number, count_limit)
    others = [term for index, term in enumerate(spec.terms) if index != best]
    words = spec.words if best < len(spec.terms) else ()
    matches = await _checked(conn, number, lists[best], others, words)
    total, exact = capped_total(len(matches), count_limit)
    return Found(page_of(matches, spec), total, exact)


async def _term_probes(conn: asyncpg.Connection, number: int, spec: SearchSpec) -> list[list[int]]:
    """Up to PROBE_LIMIT + 1 of each term's cases in range, newest first, in one round trip
    (index-only scans of the primary key)."""
    if not spec.terms:
        return []
    params = _Params()
    head = [params(number), params(spec.low), params(spec.high), params(PROBE_LIMIT + 1)]
    probes = ", ".join(
        f"ARRAY(SELECT seq FROM community_terms WHERE community_no = {head[0]} "
        f"AND term = {params(term)} AND seq >= {head[1]} AND seq < {head[2]} "
        f"ORDER BY seq DESC LIMIT {head[3]})"
        for term in spec.terms
    )
    row = await conn.fetchrow(f"SELECT {probes}", *params.values)
    return [list(found) for found in row]


async def _words_probe(conn: asyncpg.Connection, number: int, spec: SearchSpec) -> list[int]:
    params = _Params()
    matched = _words(params, spec.words, number)
    rows = await conn.fetch(
        f"SELECT seq FROM cases WHERE words @@ {matched} AND seq >= {params(spec.low)} "
        f"AND seq < {params(spec.high)} ORDER BY seq DESC LIMIT {params(PROBE_LIMIT + 1)}",
        *params.values,
    )
    return [row[0] for row in rows]


async def _checked(
    conn: asyncpg.Connection,
    number: int,
    candidates: Sequence[int],
    terms: Sequence[str],
    words: Sequence[str],
) -> list[int]:
    """The candidates (newest first) that meet the other criteria."""
    if not terms and not words:
        return list(candidates)
    params = _Params()
    listed = params(list(candidates))
    community = params(number) if terms else ""  # a parameter must appear in the SQL
    where = _checks(params, community, terms, words)
    rows = await conn.fetch(
        f"SELECT k.seq FROM unnest({listed}::bigint[]) AS k(seq) "
        f"WHERE {' AND '.join(where)} ORDER BY k.seq DESC",
        *params.values,
    )
    return [row[0] for row in rows]


def _source(spec: SearchSpec, number: int | None, high: int) -> tuple[str, list[Any]]:
    """FROM and WHERE of a newest-first read of one list, the rest checked per case."""
    params = _Params()
    if number is None:
        # The operator's search over every community: read the cases newest first.
        community = "k.community_no"
        head = f"cases k WHERE k.seq >= {params(spec.low)} AND k.seq < {params(high)}"
        where = _checks(params, community, spec.terms, spec.words)
    elif spec.terms:
        community = params(number)
        head = (
            f"community_terms k WHERE k.community_no = {community} "
            f"AND k.term = {params(spec.terms[0])} "
            f"AND k.seq >= {params(spec.low)} AND k.seq < {params(high)}"
        )
        where = _checks(params, community, spec.terms[1:], spec.words)
    elif spec.words:
        head = (
            f"cases k WHERE k.words @@ {_words(params, spec.words, number)} "
            f"AND k.seq >= {params(spec.low)} AND k.seq < {params(high)}"
        )
        where = []
    else:
        head = (
            f"cases k WHERE k.community_no = {params(number)} "
            f"AND k.seq >= {params(spec.low)} AND k.seq < {params(high)}"
        )
        where = []
    return " AND ".join([head, *where]), params.values


async def _stream(
    conn: asyncpg.Connection, spec: SearchSpec, number: int | None, count_limit: int
) -> Found:
    """Every criterion is broad (or the search is unscoped): a bounded count and one page."""
    counted_from, counted_params = _source(spec, number, spec.high)
    n = len(counted_params)
    counted = await conn.fetchval(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {counted_from} LIMIT ${n + 1}) AS m",
        *counted_params,
        count_limit + 1,
    )
    total, exact = capped_total(int(counted), count_limit)
    paged_from, paged_params = _source(spec, number, spec.page_high)
    n = len(paged_params)
    rows = await conn.fetch(
        f"SELECT k.seq FROM {paged_from} ORDER BY k.seq DESC LIMIT ${n + 1} OFFSET ${n + 2}",
        *paged_params,
        spec.per_page,
        spec.offset,
    )
    return Found([row[0] for row in rows], total, exact)
