"""Schema migrations: recorded, applied once, and a newer database refused."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from storage.interface import SchemaTooNewError, StoreError
from storage.migrations import load_migrations, pending, split_statements
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore
from tests import storage_fixtures

fresh_pg_dsn = storage_fixtures.fresh_pg_dsn


def test_both_kinds_have_the_same_numbered_migrations() -> None:
    sqlite_names = [(m.version, m.name) for m in load_migrations("sqlite")]
    postgres_names = [(m.version, m.name) for m in load_migrations("postgres")]
    assert sqlite_names == postgres_names
    assert [version for version, _ in sqlite_names] == list(range(1, len(sqlite_names) + 1))


def test_pending_names_the_versions_when_the_database_is_newer() -> None:
    migrations = load_migrations("sqlite")
    assert pending(migrations, 0) == migrations
    assert pending(migrations, len(migrations)) == []
    with pytest.raises(SchemaTooNewError) as caught:
        pending(migrations, len(migrations) + 2)
    assert str(caught.value) == (
        f"this database was created by a newer jss-helper (schema {len(migrations) + 2}, "
        f"this version knows {len(migrations)}); upgrade the bot"
    )


def test_sqlite_statements_split_around_trigger_bodies() -> None:
    sql = (
        "CREATE TABLE a (x);\n-- why\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\nEND;\n"
    )
    assert split_statements(sql) == [
        "CREATE TABLE a (x);",
        "-- why\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\nEND;",
    ]
    with pytest.raises(ValueError, match="unfinished"):
        split_statements("CREATE TABLE b (x)")


def sqlite_versions(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT version, name FROM schema_version ORDER BY 1").fetchall()


async def test_sqlite_migrations_are_recorded_and_rerun_safely(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "cases.db"
    expected = [(m.version, m.name) for m in load_migrations("sqlite")]
    for _ in range(2):
        store = SqliteCaseStore(path)
        await store.start()
        assert await store.schema_version() == expected[-1][0]
        await store.close()
        assert sqlite_versions(path) == expected
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"cases", "community_terms", "case_notes", "case_words", "seen_events"} <= tables


async def test_sqlite_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    store = SqliteCaseStore(path)
    await store.start()
    await store.close()
    known = len(load_migrations("sqlite"))
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'from_the_future', 'x')", (known + 2,))
    newer = SqliteCaseStore(path)
    with pytest.raises(SchemaTooNewError, match=rf"schema {known + 2}, this version knows {known}"):
        await newer.start()
    # A refused store is closed, not half open.
    with pytest.raises(StoreError, match="closed"):
        await newer.seen("key")


async def postgres_versions(dsn: str) -> list[tuple[int, str]]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT version, name FROM schema_version ORDER BY 1")
        return [(row[0], row[1]) for row in rows]
    finally:
        await conn.close()


@pytest.mark.postgres
async def test_postgres_migrations_are_recorded_once_even_when_started_together(
    fresh_pg_dsn: str,
) -> None:
    expected = [(m.version, m.name) for m in load_migrations("postgres")]
    stores = [PostgresCaseStore(fresh_pg_dsn) for _ in range(3)]
    await asyncio.gather(*(store.start() for store in stores))
    try:
        assert await postgres_versions(fresh_pg_dsn) == expected
        assert [await store.schema_version() for store in stores] == [expected[-1][0]] * 3
    finally:
        for store in stores:
            await store.close()
    again = PostgresCaseStore(fresh_pg_dsn)
    await again.start()
    await again.close()
    assert await postgres_versions(fresh_pg_dsn) == expected


@pytest.mark.postgres
async def test_postgres_refuses_a_newer_schema(fresh_pg_dsn: str) -> None:
    store = PostgresCaseStore(fresh_pg_dsn)
    await store.start()
    await store.close()
    known = len(load_migrations("postgres"))
    conn = await asyncpg.connect(fresh_pg_dsn)
    await conn.execute("INSERT INTO schema_version VALUES ($1, 'from_the_future', 'x')", known + 1)
    await conn.close()
    newer = PostgresCaseStore(fresh_pg_dsn)
    with pytest.raises(SchemaTooNewError, match=rf"schema {known + 1}, this version knows {known}"):
        await newer.start()
    with pytest.raises(StoreError, match="closed"):
        await newer.seen("key")
