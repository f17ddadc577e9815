"""How a case search runs on the PostgreSQL store (see storage/search_spec.py for the plan).

Every criterion is a newest-first list in `community_terms`, keyed by (community, term
number, seq): a tag, an advice id, the rule set, or a word of the summaries ('word:' and
its English stem), each numbered once in `search_terms`. A community's search joins its
criteria's lists on seq; each list is an index-only range of the primary key, already in
seq order, so the join runs as merge (or nested-loop) joins read backwards that stop at
the count bound. Dates alone read `cases_community`. The operator's search over every
community reads the cases newest first and checks each criterion per case.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information

from storage.search_spec import Found, SearchSpec, counted


class _Params:
    """Positional parameters, numbered as they are added."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


# The community's number, and the numbers of the criteria found among the numbered
# terms: the exact terms ($2) and 'word:' with each English stem of the words ($3). Stop
# words have no stem and so do not narrow the search, as with a full-text query.
_LOOKUP = """
SELECT (SELECT community_no FROM communities WHERE hash = $1),
       ARRAY(SELECT s.term_no FROM search_terms s WHERE s.term = ANY(w.wanted)),
       cardinality(w.wanted)
FROM (
    SELECT $2::text[] || ARRAY(
        SELECT 'word:' || stem
        FROM unnest(tsvector_to_array(to_tsvector('english', $3::text))) AS stem
    ) AS wanted
) AS w
"""


async def criteria(
    conn: asyncpg.Connection, spec: SearchSpec
) -> tuple[int | None, list[int]] | None:
    """The community's number (None for the operator's search over every community) and
    the criteria's term numbers, in one round trip; None when no case can match: the
    community has logged no case, or a criterion is in none of the log's cases."""
    number, terms, wanted = await conn.fetchrow(
        _LOOKUP, spec.community_hash, list(spec.terms), " ".join(spec.words)
    )
    if (spec.community_hash is not None and number is None) or len(terms) < wanted:
        return None
    return number, terms


async def find(conn: asyncpg.Connection, spec: SearchSpec, count_limit: int) -> Found:
    """The page's seqs and the (bounded) count."""
    looked_up = await criteria(conn, spec)
    if looked_up is None:
        return Found([], 0, True)
    number, terms = looked_up
    # One read gives the count and, unless the page lies deeper, the page as well.
    newest = await _newest(conn, _source(terms, number, spec), spec.high, count_limit + 1, 0)
    count = counted(newest, spec, count_limit)
    if count.page is None:
        source = _source(terms, number, spec)
        deeper = await _newest(conn, source, spec.page_high, spec.per_page, spec.offset)
        return Found(deeper, count.total, count.exact)
    return Found(count.page, count.total, count.exact)


def _source(terms: Sequence[int], number: int | None, spec: SearchSpec) -> tuple[str, _Params, str]:
    """FROM and WHERE of a newest-first read of the matches (the top seq bound left as
    `{high}`), its parameters, and the seq column to order by."""
    params = _Params()
    low = params(spec.low)
    if number is None:
        # The operator's search over every community: the cases newest first.
        where = [
            f"EXISTS (SELECT 1 FROM community_terms o WHERE o.community_no = k.community_no "
            f"AND o.term_no = {params(term)} AND o.seq = k.seq)"
            for term in terms
        ]
        head = f"cases k WHERE k.seq >= {low} AND k.seq < {{high}}"
        return " AND ".join([head, *where]), params, "k.seq"
    community = params(number)
    if not terms:
        head = f"cases k WHERE k.community_no = {community} AND k.seq >= {low} AND k.seq < {{high}}"
        return head, params, "k.seq"
    # Every list bounded alike, so each join side is a short backward range scan.
    lists = [f"community_terms t{index}" for index in range(len(terms))]
    where = [
        f"t{index}.community_no = {community} AND t{index}.term_no = {params(term)} "
        f"AND t{index}.seq >= {low} AND t{index}.seq < {{high}}"
        + ("" if index == 0 else f" AND t{index}.seq = t0.seq")
        for index, term in enumerate(terms)
    ]
    return f"{', '.join(lists)} WHERE {' AND '.join(where)}", params, "t0.seq"


async def _newest(
    conn: asyncpg.Connection,
    source: tuple[str, _Params, str],
    high: int,
    limit: int,
    offset: int,
) -> list[int]:
    """Up to `limit` matches below `high`, newest first, after skipping `offset`."""
    sql, params, seq = source
    values = [*params.values, high, limit, offset]
    n = len(params.values)
    bounded = sql.replace("{high}", f"${n + 1}")
    rows = await conn.fetch(
        f"SELECT {seq} FROM {bounded} ORDER BY {seq} DESC LIMIT ${n + 2} OFFSET ${n + 3}",
        *values,
    )
    return [row[0] for row in rows]
