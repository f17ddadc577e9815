"""The case log failing under a running bot: locked, stopped, hanging. Members get answers
(or a clear word with an id), cases land once the store is back, and nothing is lost
silently. PostgreSQL faults go through a proxy; the shared server is never touched."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from advice.clock import FixedClock
from bot.adapters.testing import QueueAdapter
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.models import Reply, ReplyKind
from commands.services import Services
from storage.anonymize import IdHasher
from storage.bounded import BoundedStore
from storage.interface import CaseStore
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter
from tests.storage_fixtures import create_database, drop_database
from tests.tcp_proxy import TcpProxy
from tests.test_cli import FORUM_POST, bot_env
from tests.waiting import eventually

SECRET = b"store-faults-test-secret-0123456789"
TODAY = date(2026, 3, 2)
STORE_TIMEOUT = 0.5


@dataclass
class Bot:
    adapter: QueueAdapter
    store: BoundedStore
    writer: CaseWriter


@asynccontextmanager
async def bot_on(inner: CaseStore) -> AsyncIterator[Bot]:
    store = BoundedStore(inner, timeout=STORE_TIMEOUT)
    await store.start()
    writer = CaseWriter(store, timeout=0.2, backoff_initial=0.05, backoff_max=0.3)
    await writer.start()
    services = Services(
        store=store, recorder=writer, hasher=IdHasher(SECRET), clock=FixedClock(TODAY)
    )
    adapter = QueueAdapter(Dispatcher(services, HANDLERS))
    await adapter.start()
    try:
        yield Bot(adapter, store, writer)
    finally:
        await adapter.stop()
        assert await writer.stop(timeout=10) == 0, "no case lost"
        await store.close()


async def ask(bot: Bot, member: str) -> str:
    """A member's situation, answered; its case id."""
    reply = await bot.adapter.send(f"/jss check {FORUM_POST}", user=member)
    assert reply.kind is ReplyKind.ANSWER, reply
    assert reply.case_id is not None
    return reply.case_id


def assert_not_answering(reply: Reply) -> None:
    assert reply.kind is ReplyKind.ERROR and reply.title == "The case log is not answering"
    assert reply.error_id is not None and reply.error_id in reply.summary


async def all_stored(bot: Bot, case_ids: list[str]) -> bool:
    try:
        found = [await bot.store.get(case_id) for case_id in case_ids]
    except Exception:
        return False
    return all(found) and bot.writer.pending == 0


def test_a_case_log_locked_at_start_exits_non_zero_within_seconds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    locker = sqlite3.connect(data / "cases.db", isolation_level=None)
    locker.execute("CREATE TABLE held (x)")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "bot", "run", "--adapter", "console"],
            input="/jss help\n",
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=bot_env(tmp_path),
            timeout=40,
        )
        took = time.monotonic() - started
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert result.returncode == 2, result.stderr
    assert took < 30, "no hang"
    lines = [line for line in result.stderr.splitlines() if line.startswith("jss-helper:")]
    assert lines == [
        "jss-helper: the case log (DATABASE_URL) cannot be used: "
        "could not open the case log: OperationalError"
    ]
    assert "Traceback" not in result.stderr


async def test_a_case_log_locked_mid_run_answers_members_and_catches_up(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    async with bot_on(SqliteCaseStore(path, busy_timeout_ms=1000)) as bot:
        before = await ask(bot, "member-0")
        await eventually(lambda: all_stored(bot, [before]))
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            during = [await ask(bot, f"member-{n}") for n in range(1, 4)]
            assert bot.writer.pending >= 1, "the cases wait in memory"
            assert_not_answering(await bot.adapter.send("/jss forget-me", user="member-9"))
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        await eventually(lambda: all_stored(bot, [before, *during]))
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM cases").fetchone() == (4,), "each case once"


@pytest.fixture
def pg_database() -> Iterator[str]:
    name = create_database()
    yield name
    drop_database(name)


async def count_cases(database: str) -> int:
    conn = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}")
    try:
        return int(await conn.fetchval("SELECT COUNT(*) FROM cases"))
    finally:
        await conn.close()


@pytest.mark.postgres
async def test_postgres_stopped_mid_run_and_restarted(pg_database: str) -> None:
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.start()
    try:
        inner = PostgresCaseStore(proxy.dsn(pg_database), connect_timeout=1.0)
        async with bot_on(inner) as bot:
            before = await ask(bot, "member-0")
            await eventually(lambda: all_stored(bot, [before]))
            await proxy.stop()  # the server goes away
            during = [await ask(bot, f"member-{n}") for n in range(1, 4)]
            assert_not_answering(await bot.adapter.send("/jss case stats", moderator=True))
            assert_not_answering(await bot.adapter.send("/jss forget-me", user="member-9"))
            assert bot.writer.pending >= 3
            await proxy.start()  # and comes back on the same address
            await eventually(lambda: all_stored(bot, [before, *during]), within=20)
            shown = await bot.adapter.send(f"/jss case show {during[0]}", moderator=True)
            assert shown.title == f"Case {during[0]}"
    finally:
        await proxy.stop()
    assert await count_cases(pg_database) == 4, "each case exactly once"


@pytest.mark.postgres
async def test_a_store_that_hangs_instead_of_refusing(pg_database: str) -> None:
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.start()
    try:
        inner = PostgresCaseStore(proxy.dsn(pg_database), connect_timeout=1.0)
        async with bot_on(inner) as bot:
            before = await ask(bot, "member-0")
            await eventually(lambda: all_stored(bot, [before]))
            proxy.freeze()
            started = time.monotonic()
            during = [await ask(bot, f"member-{n}") for n in range(1, 3)]
            assert_not_answering(await bot.adapter.send("/jss forget-me", user="member-9"))
            assert_not_answering(await bot.adapter.send("/jss case search", moderator=True))
            assert time.monotonic() - started < 10, "every wait is bounded"
            proxy.thaw()
            await eventually(lambda: all_stored(bot, [before, *during]), within=20)
    finally:
        await proxy.stop()
    assert await count_cases(pg_database) == 3, "each case exactly once"


@pytest.mark.postgres
async def test_sigterm_with_postgres_frozen_ends_within_seconds_and_counts_the_lost(
    tmp_path: Path, pg_database: str
) -> None:
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.start()
    env = bot_env(
        tmp_path,
        DATABASE_URL=proxy.dsn(pg_database),
        STORE_TIMEOUT="0.5",
        ENGINE_PROCESSES="0",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--adapter",
        "console",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(f"/jss check {FORUM_POST}\n".encode())
        await process.stdin.drain()
        await asyncio.wait_for(process.stdout.readuntil(b"Case C-"), 30)
        await eventually(lambda: _count_is(pg_database, 1))
        proxy.freeze()  # PostgreSQL hangs from here on
        process.stdin.write(f"/jss forget-me\n/jss check {FORUM_POST}\n".encode())
        await process.stdin.drain()
        said = await asyncio.wait_for(process.stdout.readuntil(b"Case C-"), 30)
        assert b"The case log is not answering" in said, "forget-me got a clear word"
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 15)
        took = time.monotonic() - started
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await proxy.stop()
    assert took < 10, "SIGTERM honoured within seconds"
    assert process.returncode == 3, err.decode()
    assert "1 cases could not be stored and are lost" in err.decode()


async def _count_is(database: str, expected: int) -> bool:
    return await count_cases(database) == expected
