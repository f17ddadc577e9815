"""How cases map to table rows, shared by the SQLite and PostgreSQL stores.

Both stores order cases by `seq` = (day ordinal of the created week's Monday) << 32
plus an arrival number. Newest first is then the primary key read backwards, and
"created between these weeks" is a primary-key range: no sort over thousands of
matches to show the first page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from storage.coarsen import week_of
from storage.interface import Case, CaseDraft, CaseNote, CaseQuery, CaseStats

ARRIVAL_BITS = 32
# Searches count matches up to this many: a moderator pages ten at a time, and the
# work stays bounded however broad the query (exact counts per tag are what `stats` is for).
COUNT_LIMIT = 1_000
MAX_ID_ATTEMPTS = 20

# Columns written for a draft, in this order, by both stores.
CASE_COLUMNS = (
    "case_id",
    "event_key",
    "created_week",
    "platform",
    "channel_kind",
    "user_hash",
    "channel_hash",
    "community_hash",
    "ruleset",
    "situation",
    "estimate",
    "advice_ids",
    "tags",
    "summary",
)
READ_COLUMNS = ", ".join(("seq", *CASE_COLUMNS, "outcome", "outcome_week"))


def week_key(week: date) -> int:
    """The lowest `seq` of cases created in the week holding `week`."""
    return week_of(week).toordinal() << ARRIVAL_BITS


def seq_bounds(since: date | None, until: date | None) -> tuple[int | None, int | None]:
    """[low, high) seq bounds of cases whose week holds or falls between the dates."""
    low = week_key(since) if since is not None else None
    high = week_key(until) + (7 << ARRIVAL_BITS) if until is not None else None
    return low, high


def dump_json(value: Any) -> str:
    """Compact, key-sorted JSON so equal situations store equal text."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def load_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def draft_from_row(row: Mapping[str, Any]) -> CaseDraft:
    """A CaseDraft from a `cases` row of either store (JSON text or native types)."""
    week = as_date(row["created_week"])
    assert week is not None
    return CaseDraft(
        case_id=row["case_id"],
        event_key=row["event_key"],
        created_week=week,
        platform=row["platform"],
        channel_kind=row["channel_kind"],
        user_hash=row["user_hash"],
        channel_hash=row["channel_hash"],
        community_hash=row["community_hash"],
        ruleset=row["ruleset"],
        situation=load_json(row["situation"]),
        estimate=load_json(row["estimate"]),
        advice_ids=tuple(load_json(row["advice_ids"])),
        tags=tuple(load_json(row["tags"])),
        summary=row["summary"],
    )


def case_from_row(row: Mapping[str, Any], notes: Iterable[CaseNote] = ()) -> Case:
    return Case(
        draft=draft_from_row(row),
        notes=tuple(notes),
        outcome=row["outcome"],
        outcome_week=as_date(row["outcome_week"]),
    )


def query_terms(query: CaseQuery) -> list[str]:
    """The exact-match terms of a query, as kept in SQLite's case_terms table."""
    terms = [f"tag:{tag}" for tag in query.tags]
    terms += [f"advice:{advice}" for advice in query.advice_ids]
    if query.ruleset:
        terms.append(f"ruleset:{query.ruleset}")
    return terms


_WORD_RE = re.compile(r"\w+")


def search_words(text: str) -> list[str]:
    """The plain words of a free-word search; operators and quotes are not syntax here."""
    return _WORD_RE.findall(text.lower())[:20]


def capped_total(counted_rows: int, limit: int) -> tuple[int, bool]:
    """(total, exact) from a count taken with LIMIT limit + 1."""
    return min(counted_rows, limit), counted_rows <= limit


def page_window(query: CaseQuery) -> tuple[int, int, int]:
    """(page, per_page, offset) with nonsense values brought into range."""
    per_page = min(max(query.per_page, 1), 100)
    page = max(query.page, 1)
    return page, per_page, (page - 1) * per_page


def counted(rows: Iterable[tuple[Any, Any]]) -> tuple[tuple[Any, int], ...]:
    """(name, count) pairs, largest count first, then by name for a stable order."""
    return tuple(sorted(((name, int(n)) for name, n in rows), key=lambda item: (-item[1], item[0])))


def make_stats(
    since: date | None,
    until: date | None,
    total: int,
    outcomes: int,
    by_tag: Iterable[tuple[Any, Any]],
    by_advice: Iterable[tuple[Any, Any]],
    by_week: Iterable[tuple[Any, Any]],
    by_platform: Iterable[tuple[Any, Any]],
) -> CaseStats:
    weeks = sorted((as_date(week), int(n)) for week, n in by_week)
    return CaseStats(
        since=since,
        until=until,
        total=int(total),
        by_tag=counted(by_tag),
        by_advice=counted(by_advice),
        by_week=tuple((week, n) for week, n in weeks if week is not None),
        outcomes=int(outcomes),
        extra={"by_platform": dict(counted(by_platform))},
    )
