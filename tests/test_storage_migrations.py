"""Schema migrations: recorded, applied once, and a newer database refused."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from storage import postgres as postgres_module
from storage import sqlite as sqlite_module
from storage.interface import (
    CaseDraft,
    CaseNote,
    CaseQuery,
    CaseStore,
    CaseUpdate,
    SchemaTooNewError,
    StoreError,
)
from storage.migrations import load_migrations, pending, split_statements
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore
from tests import storage_fixtures
from tests.storage_fixtures import HASHER, draft, make_store

fresh_pg_dsn = storage_fixtures.fresh_pg_dsn
MONDAY = date(2025, 3, 3)


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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def kind_and_url(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """A store kind and where a store of its own lives (a new PostgreSQL database)."""
    if request.param == "sqlite":
        return "sqlite", str(tmp_path / "cases.db")
    return "postgres", str(request.getfixturevalue("fresh_pg_dsn"))


def _knowing_migrations(
    kind: str, url: str, monkeypatch: pytest.MonkeyPatch, *, upto: int | None
) -> CaseStore:
    """A store on `url` that knows the migrations up to `upto` (all of them: None), as a
    bot released before the later ones would."""
    module = sqlite_module if kind == "sqlite" else postgres_module
    monkeypatch.setattr(module, "load_migrations", lambda dialect: load_migrations(dialect)[:upto])
    return make_store(kind, url)


async def test_cases_logged_before_0003_are_found_after_upgrading(
    kind_and_url: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log at schema 0002 with cases, notes and conversations, upgraded: every case is
    found by its community's search, and rewriting or forgetting one still works."""
    kind, url = kind_and_url
    old = _knowing_migrations(kind, url, monkeypatch, upto=2)
    await old.start()
    cases = [
        draft(1, tags=("threat", "refund"), summary="Client threatens a refund.", community="a"),
        draft(2, tags=("impact",), summary="Milestone never funded.", community="b"),
        draft(3, tags=("threat",), summary="Milestone and a threat.", community="a", user="m-2"),
        draft(4, tags=("dormant",), summary="No community at all."),
    ]
    cases[3] = dataclasses.replace(cases[3], community_hash=None)
    await old.record_many(cases[:2])
    for case in cases[2:]:
        await old.record(case)
    assert await old.add_note(cases[0].case_id, CaseNote(MONDAY, "mod", "watch this"))
    await old.bind("conversation", cases[0].case_id, MONDAY + timedelta(days=30))
    await old.close()

    store = _knowing_migrations(kind, url, monkeypatch, upto=None)
    await store.start()
    try:
        assert await store.schema_version() == len(load_migrations("sqlite"))
        a, b = HASHER.hash("community", "a"), HASHER.hash("community", "b")

        async def ids(**criteria: Any) -> list[str]:
            page = await store.search(CaseQuery(**criteria))
            return [case.case_id for case in page.cases]

        assert await ids(community_hash=a) == [cases[2].case_id, cases[0].case_id]
        assert await ids(community_hash=a, tags=("threat",)) == [
            cases[2].case_id,
            cases[0].case_id,
        ]
        assert await ids(community_hash=a, tags=("refund", "threat")) == [cases[0].case_id]
        assert await ids(community_hash=a, words="milestone") == [cases[2].case_id]
        assert await ids(community_hash=b, words="milestone") == [cases[1].case_id]
        assert await ids(community_hash=b, tags=("threat",)) == []
        assert await ids(tags=("dormant",)) == [cases[3].case_id]
        upgraded = await store.get(cases[0].case_id, community_hash=a)
        assert upgraded is not None and upgraded.draft == cases[0]
        assert [note.text for note in upgraded.notes] == ["watch this"]
        assert await store.bound("conversation", MONDAY) == cases[0].case_id

        first = cases[0]
        rewritten = CaseUpdate(
            first.case_id, first.user_hash, first.ruleset, first.situation, first.estimate,
            first.advice_ids, ("impact",), "Now about the milestone.",
        )  # fmt: skip
        assert await store.update(rewritten)
        assert await ids(community_hash=a, tags=("threat",)) == [cases[2].case_id]
        assert await ids(community_hash=a, words="milestone") == [
            cases[2].case_id,
            cases[0].case_id,
        ]
        assert await store.forget(cases[2].user_hash) == 1
        assert await ids(community_hash=a, words="milestone") == [cases[0].case_id]
        assert await ids(community_hash=a, tags=("threat",)) == []
        # A community first seen after the upgrade is numbered and searchable too.
        new = draft(5, community="c", summary="Brand new community.")
        await store.record(new)
        assert await ids(community_hash=HASHER.hash("community", "c"), words="brand") == [
            new.case_id
        ]
    finally:
        await store.close()


async def test_cases_logged_before_0007_are_found_after_upgrading(
    kind_and_url: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log at schema 0006, upgraded (PostgreSQL numbers its search terms): each kind of
    criterion finds the same cases, and terms first seen after the upgrade, logged or
    rewritten, are found too."""
    kind, url = kind_and_url
    old = _knowing_migrations(kind, url, monkeypatch, upto=6)
    await old.start()
    cases = [
        draft(1, tags=("threat", "refund"), advice=("wait",), summary="Client threatens."),
        draft(2, tags=("impact",), ruleset="2024", summary="Milestone never funded."),
        draft(3, tags=("threat",), advice=("wait",), summary="A milestone threat.", user="m-2"),
        draft(4, tags=("threat",), summary="Milestone elsewhere.", community="other"),
    ]
    await old.record_many(cases[:2])
    for case in cases[2:]:
        await old.record(case)
    await old.close()

    store = _knowing_migrations(kind, url, monkeypatch, upto=None)
    await store.start()
    ours = HASHER.hash("community", "community-1")

    async def ids(**criteria: Any) -> list[str]:
        page = await store.search(CaseQuery(**criteria))
        return [case.case_id for case in page.cases]

    try:
        assert await store.schema_version() == len(load_migrations("sqlite"))
        first, second, third, _ = (case.case_id for case in cases)
        assert await ids(community_hash=ours, tags=("threat",)) == [third, first]
        assert await ids(community_hash=ours, advice_ids=("wait",), words="milestone") == [third]
        assert await ids(community_hash=ours, ruleset="2024") == [second]
        assert await ids(community_hash=ours, words="milestones") == [third, second]
        assert await ids(tags=("threat",), words="milestone") == [cases[3].case_id, third]
        assert await ids(community_hash=ours, tags=("never-logged",)) == []
        assert await ids(community_hash=ours, words="threatens unheard") == []

        new = draft(5, tags=("brand-new",), summary="An unheard-of request.")
        await store.record(new)
        assert await ids(community_hash=ours, tags=("brand-new",), words="unheard") == [new.case_id]
        rewritten = CaseUpdate(
            first, cases[0].user_hash, "2024", cases[0].situation, cases[0].estimate,
            ("escalate",), ("rewritten",), "Client went quiet.",
        )  # fmt: skip
        assert await store.update(rewritten)
        assert await ids(community_hash=ours, tags=("threat",)) == [third]
        assert await ids(community_hash=ours, advice_ids=("escalate",), words="quiet") == [first]
        assert await ids(community_hash=ours, ruleset="2024", tags=("rewritten",)) == [first]
        assert await store.forget(cases[2].user_hash) == 1
        assert await ids(community_hash=ours, tags=("threat",)) == []
    finally:
        await store.close()


@pytest.mark.postgres
async def test_logging_known_terms_uses_up_no_term_numbers(fresh_pg_dsn: str) -> None:
    store = PostgresCaseStore(fresh_pg_dsn)
    await store.start()
    conn = await asyncpg.connect(fresh_pg_dsn)

    async def numbered() -> tuple[int, int]:
        row = await conn.fetchrow("SELECT COUNT(*), MAX(term_no) FROM search_terms")
        return row[0], row[1]

    def alike(n: int) -> CaseDraft:
        return draft(n, summary="A threat of bad feedback.")

    try:
        await store.record_many([alike(n) for n in range(3)])
        before = await numbered()
        await store.record_many([alike(n) for n in range(3, 6)])
        await store.record(alike(6))
        assert await numbered() == before
        assert before[0] == before[1]  # numbered 1..n, none skipped
    finally:
        await conn.close()
        await store.close()
