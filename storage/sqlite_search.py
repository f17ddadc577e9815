"""How a case search becomes SQL on the SQLite store.

Cases are keyed by `seq` (week << 32 plus arrival), so every plan reads its
driving index newest first and stops after one page; counts stop at a bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.coarsen import week_of
from storage.interface import CaseQuery
from storage.rows import fts5_query, query_terms, seq_bounds


@dataclass(frozen=True)
class SearchPlan:
    """A search as SQL: rows come from `source` (aliased k, with a seq column)."""

    source: str
    where: str
    params: list[Any]
    count_sql: str
    count_params: list[Any]


def search_plan(query: CaseQuery, count_limit: int) -> SearchPlan:
    """The search as SQL, driven by the index that yields matches newest first.

    Free words drive when given (FTS5 reads its matches in rowid order, within the
    date range), else the first exact term (case_terms is keyed by term, then seq),
    else the cases table. Other terms are a primary-key lookup per candidate, so a
    page or a bounded count never gathers every match of a broad criterion.
    """
    terms = query_terms(query)
    words = fts5_query(query.words)
    low, high = seq_bounds(query.since, query.until)
    where: list[str] = []
    params: list[Any] = []
    if words:
        fts_where = "cases_fts MATCH ?"
        params.append(words)
        for bound, op in ((low, ">="), (high, "<")):
            if bound is not None:
                fts_where += f" AND rowid {op} ?"
                params.append(bound)
        source = f"(SELECT rowid AS seq FROM cases_fts WHERE {fts_where}) k"
    elif terms:
        source = "case_terms k"
        where.append("k.term = ?")
        params.append(terms.pop(0))
    else:
        source = "cases k"
    if not words:
        for bound, op in ((low, ">="), (high, "<")):
            if bound is not None:
                where.append(f"k.seq {op} ?")
                params.append(bound)
    for term in terms:
        where.append("EXISTS (SELECT 1 FROM case_terms o WHERE o.term = ? AND o.seq = k.seq)")
        params.append(term)
    if query.community_hash is not None:
        where.append("EXISTS (SELECT 1 FROM cases s WHERE s.seq = k.seq AND s.community_hash = ?)")
        params.append(query.community_hash)
    condition = " AND ".join(where) or "1"
    if source == "cases k" and query.community_hash is None:
        # By date alone: count on the narrow week index, not the wide case rows.
        count_where, count_params = ["1"], []
        if query.since is not None:
            count_where.append("created_week >= ?")
            count_params.append(week_of(query.since).isoformat())
        if query.until is not None:
            count_where.append("created_week <= ?")
            count_params.append(query.until.isoformat())
        count_from = f"cases INDEXED BY cases_week WHERE {' AND '.join(count_where)}"
    else:
        count_from, count_params = f"{source} WHERE {condition}", list(params)
    count_sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {count_from} LIMIT ?)"
    return SearchPlan(source, condition, params, count_sql, [*count_params, count_limit + 1])


def prefixed(columns: str) -> str:
    return ", ".join(f"c.{column.strip()}" for column in columns.split(","))
