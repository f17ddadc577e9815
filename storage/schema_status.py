"""What a database's schema is, and how many Slack workspaces it keeps, read without
changing it: for `db status` and `doctor`."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information

from storage import sqlite_ops
from storage.factory import sqlite_path
from storage.interface import StoreError
from storage.migrations import Migration, load_migrations
from storage.postgres import recorded_version

CONNECT_TIMEOUT = 5.0

T = TypeVar("T")


@dataclass(frozen=True)
class SchemaStatus:
    """The migrations this code knows and the highest one the database has recorded."""

    dialect: str
    recorded: int
    migrations: tuple[Migration, ...]
    exists: bool = True

    @property
    def known(self) -> int:
        return self.migrations[-1].version if self.migrations else 0

    @property
    def pending(self) -> tuple[Migration, ...]:
        return tuple(m for m in self.migrations if m.version > self.recorded)

    @property
    def too_new(self) -> bool:
        """Migrated by a newer bot: this one must not use it."""
        return self.recorded > self.known


async def read_schema_status(database_url: str) -> SchemaStatus:
    """The schema status of the database at `database_url`; StoreError when unreachable
    or silent for CONNECT_TIMEOUT seconds.

    An SQLite file that does not exist yet is reported as such and not created.
    """
    return await _read(database_url, _sqlite_status, _postgres_status)


async def read_installation_count(database_url: str) -> int | None:
    """How many workspaces keep the Slack app installed in the database at `database_url`;
    None while it has no installations table (no database yet, or migration 0006
    pending). StoreError as for `read_schema_status`."""
    return await _read(database_url, _sqlite_installations, _postgres_installations)


async def _read(
    database_url: str,
    on_sqlite: Callable[[str], T],
    on_postgres: Callable[[str], Awaitable[T]],
) -> T:
    """One read of the database, in a thread for SQLite, bounded by CONNECT_TIMEOUT."""
    path = sqlite_path(database_url)
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT):
            if path is None:
                return await on_postgres(database_url.strip())
            return await asyncio.to_thread(on_sqlite, path)
    except TimeoutError:
        raise StoreError(f"no answer within {CONNECT_TIMEOUT:g} seconds") from None
    except (OSError, sqlite3.Error, asyncpg.PostgresError) as error:
        raise StoreError(f"could not read the case log: {type(error).__name__}") from error


def _sqlite_status(path: str) -> SchemaStatus:
    migrations = tuple(load_migrations("sqlite"))
    if path != ":memory:" and not Path(path).exists():
        return SchemaStatus("sqlite", 0, migrations, exists=False)
    conn = _sqlite_read_only(path)
    try:
        return SchemaStatus("sqlite", sqlite_ops.recorded_version(conn), migrations)
    finally:
        conn.close()


def _sqlite_read_only(path: str) -> sqlite3.Connection:
    # Read-only: a status must never create or change the file.
    uri = Path(path).resolve().as_uri() + "?mode=ro" if path != ":memory:" else ":memory:"
    return sqlite3.connect(uri, uri=True, timeout=CONNECT_TIMEOUT)


def _sqlite_installations(path: str) -> int | None:
    if path != ":memory:" and not Path(path).exists():
        return None
    conn = _sqlite_read_only(path)
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'slack_installations'"
        ).fetchone()
        if found is None:
            return None
        return int(conn.execute("SELECT COUNT(*) FROM slack_installations").fetchone()[0])
    finally:
        conn.close()


async def _postgres_status(dsn: str) -> SchemaStatus:
    migrations = tuple(load_migrations("postgres"))
    conn = await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT)
    try:
        return SchemaStatus("postgres", await recorded_version(conn), migrations)
    finally:
        await conn.close(timeout=CONNECT_TIMEOUT)


async def _postgres_installations(dsn: str) -> int | None:
    conn = await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT)
    try:
        if await conn.fetchval("SELECT to_regclass('slack_installations')") is None:
            return None
        return int(await conn.fetchval("SELECT COUNT(*) FROM slack_installations"))
    finally:
        await conn.close(timeout=CONNECT_TIMEOUT)
