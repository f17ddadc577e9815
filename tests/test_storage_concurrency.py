"""Concurrent callers on the case log: group commit in the writer, and one-call
operations on the stores, against real SQLite files and the real PostgreSQL server."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import pytest

from commands.services import Services
from storage.interface import CaseDraft, CaseQuery, CaseStore
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter
from tests import storage_fixtures
from tests.storage_fixtures import HASHER, draft

fresh_pg_dsn = storage_fixtures.fresh_pg_dsn
pg_session_dsn = storage_fixtures.pg_session_dsn
store_kind = storage_fixtures.store_kind
store_url = storage_fixtures.store_url
store = storage_fixtures.store


class WatchedStore(SqliteCaseStore):
    """The real SQLite store, noting how many cases each write transaction carried."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, busy_timeout_ms=10_000)
        self.transactions: list[int] = []

    async def record(self, draft: CaseDraft) -> str:
        self.transactions.append(1)
        return await super().record(draft)

    async def record_many(self, drafts: list[CaseDraft]) -> list[str]:
        self.transactions.append(len(drafts))
        return await super().record_many(drafts)


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another process holds the file's write lock until the block ends."""
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


async def settle(writer: CaseWriter, within: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while writer.pending:
        assert loop.time() < deadline, "the writer did not store everything"
        await asyncio.sleep(0.01)


async def stored_ids(store: CaseStore) -> set[str]:
    return {case.case_id async for case in store.export()}


async def test_a_lone_write_is_stored_before_submit_returns(tmp_path: Path) -> None:
    watched = WatchedStore(tmp_path / "cases.db")
    await watched.start()
    writer = CaseWriter(watched, timeout=5)
    one = draft(1)
    await writer.submit(one)
    # Not held back to gather company: stored by the time the reply goes on.
    assert writer.pending == 0
    assert watched.transactions == [1]
    assert await stored_ids(watched) == {one.case_id}
    assert await writer.stop() == 0
    await watched.close()


async def test_writes_arriving_during_a_write_are_committed_together(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    watched = WatchedStore(path)
    await watched.start()
    writer = CaseWriter(watched, timeout=0.05)
    first, *rest = [draft(n, user=f"member-{n}") for n in range(12)]
    with write_lock_held(path):
        await writer.submit(first)  # goes at once and waits for the lock
        await asyncio.gather(*(writer.submit(one) for one in rest))
        assert writer.pending == 12
    await settle(writer)
    assert watched.transactions == [1, 11]
    page = await watched.search(CaseQuery(per_page=20))
    # Every caller's case, under the id it was given, in the order submitted.
    assert [case.case_id for case in reversed(page.cases)] == [first.case_id] + [
        one.case_id for one in rest
    ]
    assert await writer.stop() == 0
    await watched.close()


async def test_groups_are_bounded_by_the_batch_size(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    watched = WatchedStore(path)
    await watched.start()
    writer = CaseWriter(watched, timeout=0.05, batch_size=4)
    drafts = [draft(n) for n in range(10)]
    with write_lock_held(path):
        # All ten are handed in before the writing task first runs.
        await asyncio.gather(*(writer.submit(one) for one in drafts))
    await settle(writer)
    assert watched.transactions == [4, 4, 2]
    assert await stored_ids(watched) == {one.case_id for one in drafts}
    await watched.close()


async def test_stop_stores_cases_still_gathered(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    watched = WatchedStore(path)
    await watched.start()
    writer = CaseWriter(watched, timeout=0.01)
    drafts = [draft(n) for n in range(30)]
    with write_lock_held(path):
        await asyncio.gather(*(writer.submit(one) for one in drafts))
        assert writer.pending == 30
    assert await writer.stop(timeout=10) == 0
    assert await stored_ids(watched) == {one.case_id for one in drafts}
    await watched.close()


async def test_forget_removes_gathered_cases_of_the_member(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    watched = WatchedStore(path)
    await watched.start()
    writer = CaseWriter(watched, timeout=0.02)
    in_flight = draft(1, user="leaving")
    gathered = [draft(2, user="leaving"), draft(3, user="staying"), draft(4, user="leaving")]
    with write_lock_held(path):
        await writer.submit(in_flight)
        for one in gathered:
            await writer.submit(one)
        assert await writer.forget(HASHER.hash("user", "leaving")) == 2
    await settle(writer)
    # The write already under way lands; the store's own forget removes it next.
    assert await stored_ids(watched) == {in_flight.case_id, gathered[1].case_id}
    assert await watched.forget(HASHER.hash("user", "leaving")) == 1
    assert await stored_ids(watched) == {gathered[1].case_id}
    await watched.close()


async def test_failed_group_is_retried_and_lands_once(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    watched = WatchedStore(path)
    writer = CaseWriter(watched, timeout=0.05, backoff_initial=0.01, backoff_max=0.02)
    await writer.start()
    drafts = [draft(n) for n in range(5)]
    await asyncio.gather(*(writer.submit(one) for one in drafts))  # not started yet
    assert writer.pending == 5
    await watched.start()
    await asyncio.gather(*(writer.submit(one) for one in drafts))  # the same events again
    await settle(writer)
    assert await stored_ids(watched) == {one.case_id for one in drafts}
    assert await writer.stop() == 0
    await watched.close()


async def test_seen_from_concurrent_callers_is_true_for_all_but_one(store: CaseStore) -> None:
    keys = [HASHER.event_key("slack", f"Ev{n}") for n in range(20)]
    answers = await asyncio.gather(*(store.seen(key) for key in keys for _ in range(5)))
    for n in range(20):
        assert sorted(answers[n * 5 : n * 5 + 5]) == [False, True, True, True, True]


async def test_concurrent_records_of_one_event_agree_on_one_case(store: CaseStore) -> None:
    drafts = [draft(n) for n in range(10)]
    # Each event written three times at once, under three different wanted ids.
    copies = [draft(n, case_id=f"C-{n}{k}AAA") for k in range(3) for n in range(10)]
    ids = await asyncio.gather(*(store.record(one) for one in drafts + copies))
    by_event: dict[str, set[str]] = {}
    for one, case_id in zip(drafts + copies, ids, strict=True):
        by_event.setdefault(one.event_key, set()).add(case_id)
    assert all(len(found) == 1 for found in by_event.values())
    assert await stored_ids(store) == set().union(*by_event.values())
    assert len(await stored_ids(store)) == 10


@pytest.mark.postgres
async def test_a_term_another_process_is_numbering_is_waited_for(fresh_pg_dsn: str) -> None:
    # Another process numbers the new tag and has not committed yet: the case logged now
    # waits for it, then is found under that number.
    store = PostgresCaseStore(fresh_pg_dsn)
    await store.start()
    other = await asyncpg.connect(fresh_pg_dsn)
    try:
        numbering = other.transaction()
        await numbering.start()
        await other.execute("INSERT INTO search_terms (term) VALUES ('tag:brand-new')")
        logging = asyncio.create_task(store.record(draft(1, tags=("brand-new",))))
        await waiting_on_a_lock(other)
        await numbering.commit()
        case_id = await logging
        page = await store.search(CaseQuery(tags=("brand-new",)))
        assert [case.case_id for case in page.cases] == [case_id]
    finally:
        await other.close()
        await store.close()


async def waiting_on_a_lock(conn: asyncpg.Connection, within: float = 10.0) -> None:
    """Returns once another session of the database waits on a lock."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await conn.fetchval(
        "SELECT COUNT(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    ):
        assert loop.time() < deadline, "the case was not held up by the term being numbered"
        await asyncio.sleep(0.01)


class UnaskedStore(SqliteCaseStore):
    """An SQLite case log that fails the test if asked whether an event was seen."""

    async def seen(self, key: str) -> bool:
        raise AssertionError("a one-process case log was asked to claim an interaction")


async def test_an_interaction_is_claimed_in_memory_when_no_other_process_shares_the_log(
    tmp_path: Path,
) -> None:
    # A Discord interaction lives 3 seconds: only another process could see it again, and
    # an SQLite case log has none, so its acknowledgement never waits on the store.
    store = UnaskedStore(str(tmp_path / "cases.db"))
    await store.start()
    services = Services(store=store)
    try:
        first = await services.first_time("discord", "interaction:1", outlives_restarts=False)
        again = await services.first_time("discord", "interaction:1", outlives_restarts=False)
        assert (first, again) == (True, False)
    finally:
        await store.close()
