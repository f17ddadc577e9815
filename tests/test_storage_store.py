"""The shared case-log suite: every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

import pytest

from storage.interface import CaseNote, CaseQuery, CaseStore, CaseUpdate, StoreError
from tests import storage_fixtures
from tests.storage_fixtures import HASHER, draft, make_store

# The shared fixtures, made visible to pytest in this module.
pg_session_dsn = storage_fixtures.pg_session_dsn
store_kind = storage_fixtures.store_kind
store_url = storage_fixtures.store_url
store = storage_fixtures.store

MONDAY = date(2025, 3, 3)


async def ids_of(store: CaseStore, query: CaseQuery) -> list[str]:
    page = await store.search(query)
    return [case.case_id for case in page.cases]


async def test_record_then_get_gives_back_the_same_case(store: CaseStore) -> None:
    written = draft(1)
    case_id = await store.record(written)
    assert case_id == written.case_id
    case = await store.get(case_id)
    assert case is not None
    assert case.draft == written
    assert case.notes == () and case.outcome is None and case.outcome_week is None
    assert await store.get("C-00000") is None


async def test_record_is_idempotent_by_event(store: CaseStore) -> None:
    first = draft(1)
    again = dataclasses.replace(first, case_id="C-ZZZZZ", summary="a retry")
    assert await store.record(first) == first.case_id
    assert await store.record(again) == first.case_id
    assert (await store.search(CaseQuery())).total == 1
    assert await store.get("C-ZZZZZ") is None


async def test_record_many_writes_in_order_and_keeps_idempotency(store: CaseStore) -> None:
    existing = draft(0)
    await store.record(existing)
    batch = [draft(1), draft(2), dataclasses.replace(draft(1), case_id="C-YYYYY"), draft(0)]
    ids = await store.record_many(batch)
    assert ids == [batch[0].case_id, batch[1].case_id, batch[0].case_id, existing.case_id]
    assert (await store.search(CaseQuery())).total == 3
    assert await store.record_many([]) == []
    for case_id in ids:
        assert await store.get(case_id) is not None


async def test_a_taken_case_id_is_replaced_by_a_free_one(store: CaseStore) -> None:
    first = draft(1, case_id="C-7K2M9")
    clash = draft(2, case_id="C-7K2M9")
    assert await store.record(first) == "C-7K2M9"
    other = await store.record(clash)
    assert other != "C-7K2M9"
    assert re.fullmatch(r"C-[0-9A-HJKMNP-TV-Z]{5,8}", other)
    stored = await store.get(other)
    assert stored is not None and stored.draft.event_key == clash.event_key
    # In a batch, against a stored id and inside the batch itself.
    [third] = await store.record_many([draft(5, case_id="C-7K2M9")])
    assert third not in ("C-7K2M9", other) and await store.get(third) is not None
    ids = await store.record_many([draft(3, case_id="C-AAAAA"), draft(4, case_id="C-AAAAA")])
    assert len(set(ids)) == 2 and "C-AAAAA" in ids


async def test_search_by_tag_advice_ruleset_and_words(store: CaseStore) -> None:
    a = draft(1, tags=("threat", "zero-dollar"), advice=("ask-support",), ruleset="2025")
    b = draft(2, tags=("threat",), advice=("close-zero-dollar",), ruleset="2024")
    c = draft(
        3,
        tags=("dormant",),
        advice=("ask-support", "wait"),
        ruleset="2025",
        summary="The client threatened bad feedback over an unfunded milestone.",
    )
    await store.record_many([a, b, c])
    assert set(await ids_of(store, CaseQuery(tags=("threat",)))) == {a.case_id, b.case_id}
    assert await ids_of(store, CaseQuery(tags=("threat", "zero-dollar"))) == [a.case_id]
    assert set(await ids_of(store, CaseQuery(advice_ids=("ask-support",)))) == {
        a.case_id,
        c.case_id,
    }
    assert await ids_of(store, CaseQuery(ruleset="2024")) == [b.case_id]
    assert await ids_of(store, CaseQuery(ruleset="2025", tags=("threat",))) == [a.case_id]
    # Stemmed: "threatens" finds "threatened"; every word must match.
    assert await ids_of(store, CaseQuery(words="threatens milestone")) == [c.case_id]
    assert await ids_of(store, CaseQuery(words="milestone impact")) == []
    assert await ids_of(store, CaseQuery(words="milestone", tags=("dormant",))) == [c.case_id]
    assert await ids_of(store, CaseQuery(words="milestone", tags=("threat",))) == []
    assert await ids_of(store, CaseQuery(tags=("nothing",))) == []


@pytest.mark.parametrize("words", ['"', "NEAR(a b)", "a* OR -b", "'; DROP TABLE cases; --", "  "])
async def test_search_words_with_query_syntax_do_not_break(store: CaseStore, words: str) -> None:
    await store.record(draft(1))
    page = await store.search(CaseQuery(words=words))
    assert page.total == len(page.cases) <= 1
    assert (await store.search(CaseQuery())).total == 1


async def test_search_by_date_range_takes_whole_weeks(store: CaseStore) -> None:
    weeks = [MONDAY + timedelta(weeks=n) for n in range(5)]
    drafts = [draft(n, week=week) for n, week in enumerate(weeks)]
    await store.record_many(drafts)
    # Wednesday of week 1 to Tuesday of week 3: weeks 1, 2 and 3.
    found = await ids_of(
        store, CaseQuery(since=weeks[1] + timedelta(days=2), until=weeks[3] + timedelta(days=1))
    )
    assert found == [drafts[3].case_id, drafts[2].case_id, drafts[1].case_id]
    assert await ids_of(store, CaseQuery(since=weeks[4])) == [drafts[4].case_id]
    assert await ids_of(store, CaseQuery(until=weeks[0] + timedelta(days=6))) == [drafts[0].case_id]
    assert await ids_of(store, CaseQuery(since=weeks[2], tags=("threat",), per_page=2)) == [
        drafts[4].case_id,
        drafts[3].case_id,
    ]


async def test_search_is_newest_first_and_paginated(store: CaseStore) -> None:
    # Recorded out of week order; within a week, the later recorded comes first.
    drafts = [draft(n, week=MONDAY + timedelta(weeks=(n * 7) % 5)) for n in range(23)]
    for one in drafts:
        await store.record(one)
    expected = [
        one.case_id
        for _, _, one in sorted(
            ((one.created_week, n, one) for n, one in enumerate(drafts)), reverse=True
        )
    ]
    seen: list[str] = []
    for page_no, size in ((1, 10), (2, 10), (3, 3)):
        page = await store.search(CaseQuery(tags=("threat",), page=page_no, per_page=10))
        assert page.total == 23 and page.page == page_no and page.per_page == 10
        assert len(page.cases) == size
        seen += [case.case_id for case in page.cases]
    assert seen == expected
    assert await ids_of(store, CaseQuery(page=2, per_page=10)) == expected[10:20]
    beyond = await store.search(CaseQuery(page=4, per_page=10))
    assert beyond.cases == () and beyond.total == 23


async def test_counting_stops_at_the_bound_but_pages_go_on(store: CaseStore) -> None:
    drafts = [draft(n, summary=f"unfunded milestone {n}") for n in range(8)]
    await store.record_many(drafts)
    newest_first = [one.case_id for one in reversed(drafts)]
    store.count_limit = 5  # type: ignore[attr-defined]  # both stores have it
    for query in (CaseQuery(), CaseQuery(tags=("threat",)), CaseQuery(words="milestone")):
        first = await store.search(dataclasses.replace(query, per_page=3))
        assert (first.total, first.total_exact) == (5, False)
        third = await store.search(dataclasses.replace(query, per_page=3, page=3))
        assert [case.case_id for case in third.cases] == newest_first[6:]
    exact = await store.search(CaseQuery(tags=("threat",), since=MONDAY, per_page=3))
    assert exact.total_exact is False
    store.count_limit = 8  # type: ignore[attr-defined]
    page = await store.search(CaseQuery(since=MONDAY, until=MONDAY))
    assert (page.total, page.total_exact) == (8, True)


async def test_stats_count_by_tag_advice_week_and_outcome(store: CaseStore) -> None:
    w1, w2, w3 = MONDAY, MONDAY + timedelta(weeks=1), MONDAY + timedelta(weeks=2)
    drafts = [
        draft(1, week=w1, tags=("threat", "zero-dollar"), advice=("ask-support",)),
        draft(2, week=w2, tags=("threat",), advice=("ask-support", "wait")),
        draft(3, week=w2, tags=("dormant",), advice=("wait",)),
        draft(4, week=w3, tags=("threat",), advice=("ask-support",)),
    ]
    await store.record_many(drafts)
    assert await store.set_outcome(drafts[1].case_id, drafts[1].user_hash, "no change", w3)
    stats = await store.stats(w2, w2 + timedelta(days=6))
    assert stats.total == 2 and stats.outcomes == 1
    assert stats.by_tag == (("dormant", 1), ("threat", 1))
    assert stats.by_advice == (("wait", 2), ("ask-support", 1))
    assert stats.by_week == ((w2, 2),)
    everything = await store.stats(None, None)
    assert everything.total == 4
    assert everything.by_tag[0] == ("threat", 3)
    assert everything.by_week == ((w1, 1), (w2, 2), (w3, 1))
    assert everything.extra["by_platform"] == {"test": 4}


async def test_notes_are_kept_in_order(store: CaseStore) -> None:
    one = draft(1)
    await store.record(one)
    first = CaseNote(MONDAY, HASHER.hash("user", "mod-1"), "asked for the contract dates")
    second = CaseNote(MONDAY + timedelta(weeks=1), HASHER.hash("user", "mod-2"), "resolved")
    assert await store.add_note(one.case_id, first)
    assert await store.add_note(one.case_id, second)
    assert not await store.add_note("C-00000", first)
    case = await store.get(one.case_id)
    assert case is not None and case.notes == (first, second)


async def test_only_the_asking_member_sets_the_outcome(store: CaseStore) -> None:
    one = draft(1, user="member-1")
    await store.record(one)
    stranger = HASHER.hash("user", "member-2")
    assert not await store.set_outcome(one.case_id, stranger, "72", MONDAY)
    case = await store.get(one.case_id)
    assert case is not None and case.outcome is None
    assert await store.set_outcome(one.case_id, one.user_hash, "84", MONDAY)
    assert not await store.set_outcome("C-00000", one.user_hash, "84", MONDAY)
    case = await store.get(one.case_id)
    assert case is not None and (case.outcome, case.outcome_week) == ("84", MONDAY)


async def test_forget_deletes_every_case_of_the_member_and_nothing_else(
    store: CaseStore,
) -> None:
    mine = [draft(n, user="member-1", summary=f"unfunded milestone {n}") for n in range(3)]
    theirs = draft(9, user="member-2", summary="unfunded milestone too")
    await store.record_many([*mine, theirs])
    me = mine[0].user_hash
    await store.add_note(theirs.case_id, CaseNote(MONDAY, me, "as a moderator"))
    assert await store.forget(me) == 3
    assert await store.forget(me) == 0
    for one in mine:
        assert await store.get(one.case_id) is None
    # Gone from every index, not just the table.
    assert await ids_of(store, CaseQuery(tags=("threat",))) == [theirs.case_id]
    assert await ids_of(store, CaseQuery(words="unfunded")) == [theirs.case_id]
    assert (await store.stats(None, None)).total == 1
    kept = await store.get(theirs.case_id)
    assert kept is not None and [note.moderator_hash for note in kept.notes] == [""]


async def test_purge_deletes_cases_before_the_week(store: CaseStore) -> None:
    old = draft(1, week=MONDAY)
    edge = draft(2, week=MONDAY + timedelta(weeks=1))
    new = draft(3, week=MONDAY + timedelta(weeks=2))
    await store.record_many([old, edge, new])
    # Any day of the edge week keeps the edge week.
    assert await store.purge(MONDAY + timedelta(weeks=1, days=3)) == 1
    assert await store.get(old.case_id) is None
    assert await store.get(edge.case_id) is not None and await store.get(new.case_id)
    assert await ids_of(store, CaseQuery(tags=("threat",))) == [new.case_id, edge.case_id]
    assert await store.purge(MONDAY) == 0


async def test_export_gives_every_case_oldest_first_with_notes(store: CaseStore) -> None:
    drafts = [draft(n, week=MONDAY + timedelta(weeks=4 - n)) for n in range(5)]
    await store.record_many(drafts)
    note = CaseNote(MONDAY, "moderator", "checked")
    await store.add_note(drafts[0].case_id, note)
    exported = [case async for case in store.export()]
    assert [case.case_id for case in exported] == [one.case_id for one in reversed(drafts)]
    assert exported[-1].notes == (note,)
    assert [case.draft for case in exported] == list(reversed(drafts))


async def test_export_pages_through_more_than_one_batch(store: CaseStore) -> None:
    # Ids given, not drawn: this test is about paging, not about id collisions.
    drafts = [draft(n, case_id=f"C-{n:07d}") for n in range(1203)]
    await store.record_many(drafts)
    exported = [case.case_id async for case in store.export()]
    assert exported == [one.case_id for one in drafts]


async def test_outcomes_are_the_reported_cases_of_one_community(store: CaseStore) -> None:
    # Ids given, not drawn: this test is about which cases come back, in what order.
    drafts = [
        draft(n, case_id=f"C-{n:07d}", user=f"member-{n}", community=f"community-{n % 2}")
        for n in range(1010)
    ]
    await store.record_many(drafts)
    reported = [one for n, one in enumerate(drafts) if n % 3 == 0]
    for n, one in enumerate(reported):
        assert await store.set_outcome(one.case_id, one.user_hash, f"{80 + n % 20}%", MONDAY)
    ours = HASHER.hash("community", "community-0")
    scoped = [case async for case in store.outcomes(community_hash=ours)]
    expected = [one.case_id for one in reported if one.community_hash == ours]
    assert [case.case_id for case in scoped] == expected and len(expected) > 100
    assert all(case.outcome is not None for case in scoped)
    every = [case.case_id async for case in store.outcomes()]
    assert every == [one.case_id for one in reported]


async def test_seen_answers_once_and_survives_a_restart(
    store: CaseStore, store_kind: str, store_url: str
) -> None:
    key = HASHER.event_key("slack", "Ev0123")
    assert await store.seen(key) is False
    assert await store.seen(key) is True
    assert await store.seen(HASHER.event_key("slack", "Ev0124")) is False
    await store.close()
    reopened = make_store(store_kind, store_url)
    await reopened.start()
    try:
        assert await reopened.seen(key) is True
    finally:
        await reopened.close()


async def test_cases_survive_a_restart(store: CaseStore, store_kind: str, store_url: str) -> None:
    one = draft(1)
    await store.record(one)
    await store.close()
    await store.close()  # twice is fine
    reopened = make_store(store_kind, store_url)
    await reopened.start()
    try:
        case = await reopened.get(one.case_id)
        assert case is not None and case.draft == one
    finally:
        await reopened.close()


async def test_a_closed_store_raises_store_error(store: CaseStore) -> None:
    await store.close()
    with pytest.raises(StoreError):
        await store.record(draft(1))
    with pytest.raises(StoreError):
        await store.search(CaseQuery())


async def test_a_community_sees_only_its_own_cases(store: CaseStore) -> None:
    ours, theirs = HASHER.hash("community", "ours"), HASHER.hash("community", "theirs")
    mine = draft(1, community="ours", summary="Case of ours about a dormant contract.")
    other = draft(2, community="theirs", summary="Case of theirs about a dormant contract.")
    await store.record_many([mine, other])
    assert await store.get(other.case_id, community_hash=ours) is None
    assert (await store.get(mine.case_id, community_hash=ours)) is not None
    assert (await store.get(other.case_id)) is not None  # the operator sees every case
    for query in (CaseQuery(), CaseQuery(tags=("threat",)), CaseQuery(words="dormant contract")):
        scoped = await store.search(dataclasses.replace(query, community_hash=ours))
        assert [case.case_id for case in scoped.cases] == [mine.case_id], query
        assert scoped.total == 1
        assert (await store.search(query)).total == 2
    stats = await store.stats(None, None, community_hash=theirs)
    assert stats.total == 1 and dict(stats.by_tag) == {"threat": 1}
    assert dict(stats.by_advice) == {"ask-support": 1}
    assert (await store.stats(None, None)).total == 2
    note = CaseNote(week=date(2025, 3, 3), moderator_hash="m" * 64, text="seen")
    assert not await store.add_note(other.case_id, note, community_hash=ours)
    assert await store.add_note(other.case_id, note, community_hash=theirs)
    found = await store.get(other.case_id)
    assert found is not None and [n.text for n in found.notes] == ["seen"]


async def test_a_continued_case_is_rewritten_in_place_and_found_by_what_it_now_says(
    store: CaseStore,
) -> None:
    first = draft(1, tags=("threat",), advice=("ask-support",), summary="A dormant contract.")
    await store.record(first)
    await store.add_note(first.case_id, CaseNote(MONDAY, "m" * 64, "kept"))
    change = CaseUpdate(
        case_id=first.case_id,
        user_hash=first.user_hash,
        ruleset="2025",
        situation={"contracts": [{"client": "A", "status": "open"}]},
        estimate={"shown": True, "likely": 92.0},
        advice_ids=("dormant-contract",),
        tags=("dormant",),
        summary="An open contract gone silent.",
    )
    someone_else = dataclasses.replace(change, user_hash=HASHER.hash("user", "member-2"))
    assert not await store.update(someone_else)
    assert await store.update(change)
    case = await store.get(first.case_id)
    assert case is not None and case.draft.tags == ("dormant",)
    assert case.draft.situation["contracts"][0]["status"] == "open"
    assert [n.text for n in case.notes] == ["kept"] and case.draft.created_week == MONDAY
    assert await ids_of(store, CaseQuery(tags=("dormant",))) == [first.case_id]
    assert await ids_of(store, CaseQuery(tags=("threat",))) == []
    assert await ids_of(store, CaseQuery(advice_ids=("dormant-contract",))) == [first.case_id]
    assert await ids_of(store, CaseQuery(words="gone silent")) == [first.case_id]
    assert await ids_of(store, CaseQuery(words="dormant contract")) == []
    missing = dataclasses.replace(change, case_id="C-ZZZZZZZ")
    assert not await store.update(missing)


async def test_a_conversation_continues_its_case_until_it_lapses(store: CaseStore) -> None:
    first = draft(1)
    await store.record(first)
    key = HASHER.hash("conversation", "discord:thread-1:member-1")
    assert await store.bound(key, MONDAY) is None
    await store.bind(key, first.case_id, MONDAY + timedelta(days=7))
    assert await store.bound(key, MONDAY + timedelta(days=7)) == first.case_id
    assert await store.bound(key, MONDAY + timedelta(days=8)) is None
    await store.bind(key, first.case_id, MONDAY + timedelta(days=14))  # a new message renews it
    assert await store.bound(key, MONDAY + timedelta(days=8)) == first.case_id
    await store.forget(first.user_hash)
    assert await store.bound(key, MONDAY) is None  # forget-me ends the conversation too
