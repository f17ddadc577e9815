"""The background writer and the retention task, against real stores made unavailable."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from advice.clock import FixedClock
from storage.interface import CaseQuery, CaseStore, CaseUpdate, StoreError
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter, purge_loop
from tests import storage_fixtures
from tests.storage_fixtures import draft

pg_session_dsn = storage_fixtures.pg_session_dsn
store_kind = storage_fixtures.store_kind
store_url = storage_fixtures.store_url
store = storage_fixtures.store


async def eventually(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Wait for a condition the background task should bring about."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        assert loop.time() < deadline, "the background task did not get there"
        await asyncio.sleep(0.01)


async def test_drafts_wait_while_the_store_is_down_and_land_when_it_is_back(
    store: CaseStore, caplog: pytest.LogCaptureFixture
) -> None:
    await store.close()  # the store goes away under a running bot
    writer = CaseWriter(store, backoff_initial=0.01, backoff_max=0.05)
    await writer.start()
    drafts = [draft(n) for n in range(3)]
    with caplog.at_level(logging.DEBUG, logger="jss.storage"):
        for one in drafts:
            await writer.submit(one)  # never raises
        assert writer.pending == 3
        await asyncio.sleep(0.1)  # several failed retries
        assert writer.pending == 3
    await store.start()
    await eventually(lambda: writer.pending == 0)
    assert [case.case_id for case in (await store.search(CaseQuery())).cases] == [
        one.case_id for one in reversed(drafts)
    ]
    assert await writer.stop() == 0
    # Logs carry counts and error types, never ids.
    assert "waiting" in caplog.text
    for one in drafts:
        for value in (one.case_id, one.event_key, one.user_hash):
            assert value not in caplog.text


async def test_an_update_waits_for_its_case_and_lands_after_it(store: CaseStore) -> None:
    await store.close()  # the store is down when the member asks and answers
    writer = CaseWriter(store, backoff_initial=0.01, backoff_max=0.05)
    await writer.start()
    first = draft(1)
    await writer.submit(first)
    change = CaseUpdate(
        first.case_id, first.user_hash, "2025", {"contracts": []}, {"shown": True}, (),
        ("dormant",), "Updated.",
    )  # fmt: skip
    await writer.submit_update(change)
    assert writer.pending == 2
    await store.start()
    await eventually(lambda: writer.pending == 0)
    case = await store.get(first.case_id)
    assert case is not None and case.draft.tags == ("dormant",) and case.draft.summary == "Updated."
    assert await writer.stop() == 0


async def test_a_forgotten_members_updates_are_dropped(store: CaseStore) -> None:
    await store.close()
    writer = CaseWriter(store, backoff_initial=0.01, backoff_max=0.05)
    first = draft(1)
    await writer.submit(first)
    await writer.submit_update(
        CaseUpdate(first.case_id, first.user_hash, "2025", {}, {}, (), (), "Updated.")
    )
    assert await writer.forget(first.user_hash) == 1 and writer.pending == 0
    await store.start()
    assert await writer.stop() == 0


async def test_stop_flushes_what_is_waiting(store: CaseStore) -> None:
    await store.close()
    # Retries far apart: only the flush at stop can store these in time.
    writer = CaseWriter(store, backoff_initial=60, backoff_max=60)
    await writer.start()
    drafts = [draft(n) for n in range(5)]
    for one in drafts:
        await writer.submit(one)
    await asyncio.sleep(0.05)
    assert writer.pending == 5
    await store.start()
    assert await writer.stop(timeout=10) == 0
    assert writer.pending == 0
    assert (await store.search(CaseQuery())).total == 5


async def test_a_slow_write_returns_at_once_and_lands_once(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    slow = SqliteCaseStore(path, busy_timeout_ms=10_000)
    await slow.start()
    writer = CaseWriter(slow, timeout=0.05)
    await writer.start()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    try:
        one = draft(1)
        await writer.submit(one)
        assert writer.pending == 1  # the reply went on; the write is still waiting
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await eventually(lambda: writer.pending == 0)
    assert await writer.stop() == 0
    page = await slow.search(CaseQuery())
    assert [case.case_id for case in page.cases] == [one.case_id]
    await slow.close()


async def test_an_unreachable_postgres_server_loses_nothing_silently() -> None:
    down = PostgresCaseStore("postgresql://postgres@127.0.0.1:1/cases", connect_timeout=0.5)
    writer = CaseWriter(down, timeout=0.2, backoff_initial=0.01, backoff_max=0.02)
    await writer.start()
    for n in range(4):
        await writer.submit(draft(n))
    assert writer.pending == 4
    assert await writer.flush(0.1) == 4
    assert await writer.stop(timeout=0.1) == 4  # reported, not dropped


async def test_past_the_bound_the_oldest_waiting_case_gives_way(tmp_path: Path) -> None:
    closed = SqliteCaseStore(tmp_path / "cases.db")
    writer = CaseWriter(closed, max_pending=2, backoff_initial=60)
    for n in range(3):
        await writer.submit(draft(n))
    assert (writer.pending, writer.dropped) == (2, 1)
    await closed.start()
    try:
        assert await writer.stop() == 0
        stored = {case.draft.event_key for case in (await closed.search(CaseQuery())).cases}
    finally:
        await closed.close()
    assert len(stored) == 2 and draft(2).event_key in stored  # the newest is kept


async def test_retention_purges_now_and_then_every_interval(store: CaseStore) -> None:
    today = date(2026, 3, 18)
    old = draft(1, week=today - timedelta(days=400))
    young = draft(2, week=today - timedelta(days=30))
    await store.record_many([old, young])
    clock = FixedClock(today)
    task = asyncio.create_task(purge_loop(store, 365, clock, interval=0.01))
    try:

        async def gone(case_id: str) -> bool:
            return await store.get(case_id) is None

        for _ in range(500):
            if await gone(old.case_id):
                break
            await asyncio.sleep(0.01)
        assert await gone(old.case_id)
        assert not await gone(young.case_id)
        clock.set(today + timedelta(days=400))  # a year later, the next run takes it
        for _ in range(500):
            if await gone(young.case_id):
                break
            await asyncio.sleep(0.01)
        assert await gone(young.case_id)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_retention_of_zero_keeps_cases(store: CaseStore) -> None:
    old = draft(1, week=date(2000, 1, 3))
    await store.record(old)
    await asyncio.wait_for(purge_loop(store, 0, FixedClock(date(2026, 3, 18))), timeout=1)
    assert await store.get(old.case_id) is not None


async def test_a_long_outage_logs_a_few_lines_and_says_when_it_is_over(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = SqliteCaseStore(tmp_path / "cases.db")  # not started: every write fails
    writer = CaseWriter(store, backoff_initial=0.001, backoff_max=0.002)
    await writer.start()
    with caplog.at_level(logging.INFO, logger="jss.storage"):
        await writer.submit(draft(1))
        await eventually(lambda: writer.retries >= 40)
        await store.start()
        await eventually(lambda: writer.pending == 0)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert 1 <= len(warnings) <= 8, "one line per doubling of the outage, not one per retry"
    assert "writing again after" in caplog.text
    assert await writer.stop() == 0
    await store.close()


async def test_writes_tried_while_the_sqlite_log_opens_are_refused_never_break_the_opening(
    tmp_path: Path,
) -> None:
    # The writer retries every few milliseconds while the store comes back; a write that
    # reached the connection before its PRAGMAs used to fail the opening itself.
    store = SqliteCaseStore(str(tmp_path / "cases.db"))
    opening = asyncio.create_task(store.start())
    refused = 0
    while not opening.done():
        with pytest.raises(StoreError):
            await store.record(draft(0))
        refused += 1
        await asyncio.sleep(0)
    await opening  # opened, whatever was tried meanwhile
    assert refused >= 1
    assert await store.record(draft(1))
    await store.close()
