"""What a database's schema is, read without changing it: for `db status` and `doctor`."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information

from storage import sqlite_ops
from storage.factory import sqlite_path
from storage.interface import StoreError
from storage.migrations import Migration, load_migrations
from storage.postgres import recorded_version

CONNECT_TIMEOUT = 5.0


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
    path = sqlite_path(database_url)
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT):
            if path is None:
                return await _postgres_status(database_url.strip())
            return await asyncio.to_thread(_sqlite_status, path)
    except TimeoutError:
        raise StoreError(f"no answer within {CONNECT_TIMEOUT:g} seconds") from None
    except (OSError, sqlite3.Error, asyncpg.PostgresError) as error:
        raise StoreError(f"could not read the case log: {type(error).__name__}") from error


def _sqlite_status(path: str) -> SchemaStatus:
    migrations = tuple(load_migrations("sqlite"))
    if path != ":memory:" and not Path(path).exists():
        return SchemaStatus("sqlite", 0, migrations, exists=False)
    # Read-only: a status must never create or change the file.
    uri = Path(path).resolve().as_uri() + "?mode=ro" if path != ":memory:" else ":memory:"
    conn = sqlite3.connect(uri, uri=True, timeout=CONNECT_TIMEOUT)
    try:
        return SchemaStatus("sqlite", sqlite_ops.recorded_version(conn), migrations)
    finally:
        conn.close()


async def _postgres_status(dsn: str) -> SchemaStatus:
    migrations = tuple(load_migrations("postgres"))
    conn = await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT)
    try:
        return SchemaStatus("postgres", await recorded_version(conn), migrations)
    finally:
        await conn.close(timeout=CONNECT_TIMEOUT)
