"""The rate limit shared through PostgreSQL, its fallback, and the published-commands memory.

Two `PostgresCaseStore`s on one database stand for two bot processes: each has
its own connection pool, as each process would.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from advice.clock import FixedClock
from bot.adapters.testing import QueueAdapter
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.models import ReplyKind
from commands.ratelimit import SHARED_PAUSE, RateLimiter, SharedRateLimiter
from commands.services import Services
from storage.bounded import BoundedBuckets
from storage.interface import CaseStore
from storage.postgres import PostgresCaseStore
from tests import storage_fixtures
from tests.storage_fixtures import HASHER

fresh_pg_dsn = storage_fixtures.fresh_pg_dsn
store_kind = storage_fixtures.store_kind
store_url = storage_fixtures.store_url
pg_session_dsn = storage_fixtures.pg_session_dsn
store = storage_fixtures.store

pytestmark = pytest.mark.postgres

NOON = datetime(2026, 3, 2, 12, tzinfo=UTC)
MEMBER = HASHER.hash("rate", "discord:123456789012345678")


@pytest.fixture
async def two_processes(fresh_pg_dsn: str) -> AsyncIterator[tuple[PostgresCaseStore, ...]]:
    first, second = PostgresCaseStore(fresh_pg_dsn), PostgresCaseStore(fresh_pg_dsn)
    await first.start()
    await second.start()
    yield first, second
    await first.close()
    await second.close()


def shared(
    store: PostgresCaseStore, clock: FixedClock, *, per_minute: float = 6, burst: int = 3
) -> SharedRateLimiter:
    """One process's limiter on `store`."""
    return SharedRateLimiter(
        BoundedBuckets(store, timeout=2.0), RateLimiter(per_minute, burst), clock=clock
    )


async def test_a_member_gets_the_rate_once_across_processes(
    two_processes: tuple[PostgresCaseStore, PostgresCaseStore],
) -> None:
    clock = FixedClock(NOON)
    first, second = (shared(store, clock) for store in two_processes)
    waits = [await limiter.check(MEMBER) for limiter in (first, second, first, second)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(10.0), "6 a minute: the next token in 10 s"
    assert await second.check(HASHER.hash("rate", "discord:other")) == 0.0
    clock.advance(timedelta(seconds=10))
    assert await first.check(MEMBER) == 0.0, "refilled by the bots' clock"
    assert await second.check(MEMBER) == pytest.approx(10.0)


async def test_concurrent_checks_never_hand_out_more_than_the_burst(
    two_processes: tuple[PostgresCaseStore, PostgresCaseStore],
) -> None:
    clock = FixedClock(NOON)
    limiters = [shared(store, clock, burst=5) for store in two_processes]
    waits = await asyncio.gather(*(limiters[n % 2].check(MEMBER) for n in range(24)))
    assert sum(1 for wait in waits if wait == 0.0) == 5


async def test_buckets_hold_only_the_hashed_key_and_idle_ones_are_purged(
    two_processes: tuple[PostgresCaseStore, PostgresCaseStore], fresh_pg_dsn: str
) -> None:
    store, _ = two_processes
    await store.take_token(MEMBER, NOON.timestamp() - 2 * 86_400, 0.1, 3)
    conn = await asyncpg.connect(fresh_pg_dsn)
    try:
        assert [row[0] for row in await conn.fetch("SELECT key FROM rate_buckets")] == [MEMBER]
        await store.purge(NOON.date() - timedelta(days=365))
        assert await conn.fetchval("SELECT COUNT(*) FROM rate_buckets") == 0
    finally:
        await conn.close()


async def test_an_unreachable_store_falls_back_to_counting_in_the_process(
    fresh_pg_dsn: str, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FixedClock(NOON)
    store = PostgresCaseStore(fresh_pg_dsn)
    await store.start()
    limiter = shared(store, clock, burst=2)
    await store.close()  # the store is gone: every call refuses
    with caplog.at_level(logging.INFO, logger="commands.ratelimit"):
        waits = [await limiter.check(MEMBER) for _ in range(3)]
        assert waits[:2] == [0.0, 0.0] and waits[2] > 0, "the burst still holds per process"
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1, "said once, not at every command"
        assert MEMBER not in caplog.text
        await store.start()
        clock.advance(SHARED_PAUSE + timedelta(seconds=1))
        assert await limiter.check(MEMBER) == 0.0, "the shared bucket again, a fresh one"
        assert "answers again" in caplog.text
    await store.close()


async def test_published_digests_are_kept_per_target(store: CaseStore) -> None:
    assert await store.published("app:global") is None
    await store.mark_published("app:global", "digest-1")
    await store.mark_published("app:guild", "digest-2")
    await store.mark_published("app:global", "digest-3")
    assert await store.published("app:global") == "digest-3"
    assert await store.published("app:guild") == "digest-2"


async def test_the_dispatcher_counts_members_by_hash_and_never_limits_forget_me(
    two_processes: tuple[PostgresCaseStore, PostgresCaseStore], fresh_pg_dsn: str
) -> None:
    store, _ = two_processes
    limiter = shared(store, FixedClock(NOON), burst=1)
    queue = QueueAdapter(Dispatcher(Services(hasher=HASHER), HANDLERS, limiter))
    await queue.start()
    try:
        assert "faster than" not in (await queue.send("/jss help", user="member-1")).summary
        assert "faster than" in (await queue.send("/jss help", user="member-1")).summary
        forgotten = await queue.send("/jss forget-me", user="member-1")
        assert forgotten.kind is not ReplyKind.REFUSAL, "a privacy right is never refused"
    finally:
        await queue.stop()
    conn = await asyncpg.connect(fresh_pg_dsn)
    try:
        keys = [row[0] for row in await conn.fetch("SELECT key FROM rate_buckets")]
    finally:
        await conn.close()
    assert keys == [HASHER.hash("rate", "test:member-1")], "the member's hash, not their id"
