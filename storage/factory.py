"""Choosing the case log from DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

from advice.clock import SYSTEM_CLOCK, Clock
from storage.interface import CaseDatabase
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore

DEFAULT_DATABASE_URL = "sqlite:///data/cases.db"
_SQLITE = "sqlite:///"
_POSTGRES = ("postgresql://", "postgres://")


def sqlite_path(database_url: str) -> str | None:
    """The SQLite file of `database_url` (or `:memory:`); None for PostgreSQL.

    `sqlite:///data/cases.db` is relative to the working directory,
    `sqlite:////var/lib/jss/cases.db` absolute. Any other scheme is a ValueError.
    """
    url = database_url.strip()
    if url.startswith(_SQLITE):
        path = url.removeprefix(_SQLITE)
        if not path:
            raise ValueError(
                "DATABASE_URL sqlite:/// needs a file path, e.g. sqlite:///data/cases.db"
            )
        return path
    if url.startswith(_POSTGRES):
        return None
    scheme = url.split(":", 1)[0] if ":" in url else url
    raise ValueError(
        f"DATABASE_URL must start with sqlite:/// or postgresql://, not {scheme!r} "
        f"(e.g. {DEFAULT_DATABASE_URL})"
    )


def open_store(
    database_url: str,
    clock: Clock = SYSTEM_CLOCK,
    *,
    busy_timeout_ms: int = 5000,
    migrate: bool = True,
    thread_niceness: int = 0,
) -> CaseDatabase:
    """The store for `database_url`, not yet started (the caller awaits `start()`).

    `busy_timeout_ms` is how long an SQLite statement waits for a lock another
    program holds; the bot keeps it within its own deadline for a store call, so
    that calls given up on do not pile up behind the lock. With `migrate` off the
    store refuses to start on a database with pending migrations.
    `thread_niceness`: see `SqliteCaseStore` (PostgreSQL runs on the event loop).
    `postgresql://` (or `postgres://`) URLs go to asyncpg as they are.
    """
    path = sqlite_path(database_url)
    if path is not None:
        return SqliteCaseStore(
            path if path == ":memory:" else Path(path),
            clock=clock,
            busy_timeout_ms=busy_timeout_ms,
            migrate=migrate,
            thread_niceness=thread_niceness,
        )
    return PostgresCaseStore(database_url.strip(), clock=clock, migrate=migrate)
