"""A moderator's search, on both stores, finds exactly what a plain reading of its criteria
finds, newest first, page after page by cursor: whatever the criteria and their order,
with the count bound as shipped and lowered to 2, so that on a small log pages also lie
beyond the read that counts (and the count stops short)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.interface import CaseDraft, CaseQuery, CaseStore, StoreError
from tests import storage_fixtures
from tests.storage_fixtures import HASHER, draft, make_store

fresh_pg_dsn = storage_fixtures.fresh_pg_dsn

MONDAY = date(2025, 3, 3)
WEEKS = [MONDAY + timedelta(weeks=n) for n in range(6)]
# Words whose stems differ under both stores' stemmers, so a plain word match is the truth.
VOCABULARY = ("milestone", "client", "dispute", "hourly", "threat", "silent")
TAGS = ("impact", "refund", "dormant", "threat")
ADVICE = ("ask-support", "wait", "close")
RULESETS = ("2024", "2025")
COMMUNITIES = ("north", "south")


def logged_drafts() -> list[CaseDraft]:
    """Sixty cases in two communities, weeks in no particular order."""
    rng = random.Random(15)
    drafts = []
    for n in range(60):
        words = rng.sample(VOCABULARY, rng.randint(1, 3))
        drafts.append(
            draft(
                n,
                week=rng.choice(WEEKS),
                tags=tuple(rng.sample(TAGS, rng.randint(1, 3))),
                advice=tuple(rng.sample(ADVICE, rng.randint(1, 2))),
                ruleset=rng.choice(RULESETS),
                community=rng.choice(COMMUNITIES),
                summary="Case about " + " and ".join(words) + ".",
            )
        )
    return drafts


DRAFTS = logged_drafts()


def expected(query: CaseQuery) -> list[str]:
    """The matching cases' ids, newest week first and, within a week, last logged first."""
    words = set(query.words.split())
    since = query.since - timedelta(days=query.since.weekday()) if query.since else None
    matching = [
        (case.created_week, n, case.case_id)
        for n, case in enumerate(DRAFTS)
        if case.community_hash == query.community_hash
        and set(query.tags) <= set(case.tags)
        and set(query.advice_ids) <= set(case.advice_ids)
        and query.ruleset in (None, case.ruleset)
        and words <= set(case.summary.rstrip(".").split())
        and (since is None or case.created_week >= since)
        and (query.until is None or case.created_week <= query.until)
    ]
    return [case_id for _, _, case_id in sorted(matching, reverse=True)]


queries = st.builds(
    CaseQuery,
    community_hash=st.sampled_from([*COMMUNITIES, "elsewhere"]).map(
        lambda name: HASHER.hash("community", name)
    ),
    words=st.lists(st.sampled_from(VOCABULARY), max_size=2).map(" ".join),
    tags=st.lists(st.sampled_from(TAGS), max_size=3).map(tuple),
    advice_ids=st.lists(st.sampled_from(ADVICE), max_size=2).map(tuple),
    ruleset=st.none() | st.sampled_from(RULESETS),
    since=st.none() | st.sampled_from(WEEKS).map(lambda week: week + timedelta(days=2)),
    until=st.none() | st.sampled_from(WEEKS).map(lambda week: week + timedelta(days=4)),
    per_page=st.integers(1, 7),
)


@pytest.fixture(
    params=[
        pytest.param(("sqlite", 2), id="sqlite-count-bound-2"),
        pytest.param(("sqlite", 1000), id="sqlite"),
        pytest.param(("postgres", 2), id="postgres-count-bound-2", marks=pytest.mark.postgres),
        pytest.param(("postgres", 1000), id="postgres", marks=pytest.mark.postgres),
    ]
)
def logged(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[asyncio.Runner, CaseStore]]:
    """A store holding DRAFTS, and the event loop it lives on (hypothesis runs sync)."""
    kind, count_limit = request.param
    url = (
        str(tmp_path / "cases.db") if kind == "sqlite" else request.getfixturevalue("fresh_pg_dsn")
    )
    with asyncio.Runner() as runner:
        store = make_store(kind, url)
        store.count_limit = count_limit  # type: ignore[attr-defined]  # both stores have it
        runner.run(store.start())
        runner.run(store.record_many(DRAFTS[:30]))
        for one in DRAFTS[30:]:
            runner.run(store.record(one))
        yield runner, store
        runner.run(store.close())


async def every_page(store: CaseStore, query: CaseQuery) -> tuple[list[str], int]:
    """All ids a moderator sees following the cursor, and the first page's total."""
    first = page = await store.search(query)
    seen = [case.case_id for case in page.cases]
    while page.next_cursor is not None:
        assert len(page.cases) == query.per_page
        page = await store.search(CaseQuery(**{**vars(query), "cursor": page.next_cursor}))
        seen += [case.case_id for case in page.cases]
        assert len(seen) <= len(DRAFTS)
    return seen, first.total


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
def test_search_finds_exactly_the_matches_newest_first(
    logged: tuple[asyncio.Runner, CaseStore], query: CaseQuery
) -> None:
    runner, store = logged
    found, total = runner.run(every_page(store, query))
    assert found == expected(query)
    bound = store.count_limit  # type: ignore[attr-defined]
    assert total == min(len(found), bound)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries, page=st.integers(1, 4))
def test_numbered_pages_agree_with_the_cursor(
    logged: tuple[asyncio.Runner, CaseStore], query: CaseQuery, page: int
) -> None:
    runner, store = logged
    numbered = runner.run(store.search(CaseQuery(**{**vars(query), "page": page})))
    start = (page - 1) * query.per_page
    assert [case.case_id for case in numbered.cases] == expected(query)[
        start : start + query.per_page
    ]


@pytest.mark.parametrize("cursor", ["", "zz", "-" + "f" * 20, "f" * 40])
def test_a_cursor_we_did_not_give_is_refused_clearly(
    logged: tuple[asyncio.Runner, CaseStore], cursor: str
) -> None:
    runner, store = logged
    with pytest.raises(StoreError, match="page link is not one this search gave"):
        runner.run(store.search(CaseQuery(community_hash=DRAFTS[0].community_hash, cursor=cursor)))
