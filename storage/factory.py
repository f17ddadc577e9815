"""Choosing the case log from DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

from advice.clock import SYSTEM_CLOCK, Clock
from storage.interface import CaseStore
from storage.postgres import PostgresCaseStore
from storage.sqlite import SqliteCaseStore

DEFAULT_DATABASE_URL = "sqlite:///data/cases.db"


def open_store(
    database_url: str, clock: Clock = SYSTEM_CLOCK, *, busy_timeout_ms: int = 5000
) -> CaseStore:
    """The store for `database_url`, not yet started (the caller awaits `start()`).

    `busy_timeout_ms` is how long an SQLite statement waits for a lock another
    program holds; the bot keeps it within its own deadline for a store call, so
    that calls given up on do not pile up behind the lock.

    `sqlite:///data/cases.db` is relative to the working directory,
    `sqlite:////var/lib/jss/cases.db` absolute; `postgresql://` (or `postgres://`)
    URLs go to asyncpg as they are.
    """
    url = database_url.strip()
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not path:
            raise ValueError(
                "DATABASE_URL sqlite:/// needs a file path, e.g. sqlite:///data/cases.db"
            )
        return SqliteCaseStore(
            path if path == ":memory:" else Path(path), clock=clock, busy_timeout_ms=busy_timeout_ms
        )
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresCaseStore(url, clock=clock)
    scheme = url.split(":", 1)[0] if ":" in url else url
    raise ValueError(
        f"DATABASE_URL must start with sqlite:/// or postgresql://, not {scheme!r} "
        f"(e.g. {DEFAULT_DATABASE_URL})"
    )
