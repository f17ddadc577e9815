"""Fixtures and builders shared by the storage tests (imported, not a conftest).

`store` runs each test against a SQLite file and against a real PostgreSQL
server. The PostgreSQL half uses one fresh database per test session, emptied
between tests; with no server reachable it skips with the reason, unless
REQUIRE_POSTGRES is set, in which case it fails.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from advice.answer import AdviceItem, Answer, Estimate, SourceLabel, WindowResult
from advice.engine import advise
from advice.situation import Situation, situation_from_data
from storage.anonymize import IdHasher, new_case_id
from storage.interface import CaseDraft, CaseOrigin, CaseStore
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore

ADMIN_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
SECRET = b"test-secret-of-the-case-log-0123"
HASHER = IdHasher(SECRET)


def dsn_for(database: str) -> str:
    """The admin DSN pointed at another database of the same server."""
    base, _, _ = ADMIN_DSN.rpartition("/")
    return f"{base}/{database}"


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(ADMIN_DSN, timeout=3)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_database() -> str:
    """A new empty database; skips (or fails under REQUIRE_POSTGRES) without a server."""
    name = f"jss_test_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        reason = f"no PostgreSQL server at {ADMIN_DSN} ({type(error).__name__}: {error})"
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail(f"REQUIRE_POSTGRES is set but {reason}")
        pytest.skip(reason)
    return name


def drop_database(name: str) -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_session_dsn() -> Iterator[str]:
    name = create_database()
    yield dsn_for(name)
    drop_database(name)


@pytest.fixture
def fresh_pg_dsn() -> Iterator[str]:
    """A database of its own, for tests about migrations."""
    name = create_database()
    yield dsn_for(name)
    drop_database(name)


async def empty_postgres(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'schema_version'"
        )
        if tables:
            names = ", ".join(f'"{row[0]}"' for row in tables)
            await conn.execute(f"TRUNCATE {names} CASCADE")
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where the test's store lives: a SQLite file, or the session's PostgreSQL database."""
    if store_kind == "sqlite":
        return str(tmp_path / "data" / "cases.db")
    return str(request.getfixturevalue("pg_session_dsn"))


def make_store(kind: str, url: str) -> CaseStore:
    return SqliteCaseStore(url) if kind == "sqlite" else PostgresCaseStore(url)


@pytest.fixture
async def store(store_kind: str, store_url: str) -> AsyncIterator[CaseStore]:
    opened = make_store(store_kind, store_url)
    await opened.start()
    if store_kind == "postgres":
        # One database serves the session: every test after the first starts on
        # the migrated schema (re-running the migration check) and empties it.
        await empty_postgres(store_url)
    yield opened
    await opened.close()


def draft(
    n: int = 0,
    *,
    week: date = date(2025, 3, 3),
    tags: tuple[str, ...] = ("threat",),
    advice: tuple[str, ...] = ("ask-support",),
    ruleset: str = "2025",
    user: str = "member-1",
    summary: str | None = None,
    event: str | None = None,
    case_id: str | None = None,
    community: str = "community-1",
) -> CaseDraft:
    """A hand-made anonymized draft (store tests need no engine)."""
    return CaseDraft(
        case_id=case_id or new_case_id(),
        event_key=HASHER.event_key("test", event or f"event-{n}"),
        created_week=week,
        platform="test",
        channel_kind="slash",
        user_hash=HASHER.hash("user", user),
        channel_hash=HASHER.hash("channel", "channel-1"),
        community_hash=HASHER.hash("community", community),
        ruleset=ruleset,
        situation={"contracts": [{"client": "A", "earnings": 5600}], "intents": ["impact"]},
        estimate={"shown": True, "likely": 88.0, "best": 92.0, "worst": 84.0},
        advice_ids=advice,
        tags=tags,
        summary=summary or f"Top Rated freelancer, case number {n}. Asks about impact.",
    )


def answer_for(data: dict[str, Any], *, assumptions: tuple[str, ...] = ()) -> Answer:
    """The engine's answer for a situation, with the estimate and advice the storage tests
    check set by hand."""
    situation: Situation = situation_from_data(data)
    window = WindowResult(24, 4.5, 1.0, 5.5, 4, 3, True, 81.8, 75.0)
    estimate = Estimate(True, 90.0, 81.8, 75.0, 75.0, (window,), assumptions)
    advice = (
        AdviceItem("close-zero-dollar", "Close it", "a $0 contract", SourceLabel.OFFICIAL, "help"),
        AdviceItem("ask-support", "Ask support", "threat", SourceLabel.COMMUNITY, "forum"),
    )
    answered = advise(situation, as_of=situation.as_of or date(2025, 6, 12))
    return dataclasses.replace(answered, ruleset="2025", estimate=estimate, advice=advice)


def origin(
    *,
    user: str = "123456789012345678",
    channel: str = "223456789012345678",
    community: str | None = "323456789012345678",
    event: str = "423456789012345678",
    platform: str = "discord",
    at: datetime = datetime(2025, 6, 12, 15, 30, tzinfo=UTC),
) -> CaseOrigin:
    return CaseOrigin(platform, "forum", user, channel, community, event, at)
