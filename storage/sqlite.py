"""The embedded case log: one SQLite file in WAL mode, through aiosqlite.

One connection serves the whole process. Every operation is one function of the
underlying sqlite3 connection (storage/sqlite_ops.py) run as ONE call on
aiosqlite's connection thread: that thread runs calls in order, so operations
never interleave, no lock is needed on the event loop, and a write costs one
round trip to the thread. Concurrent callers queue on the thread and are served
back to back. `secure_delete` is on so that forget-me and purge overwrite what
they remove instead of leaving it in free pages of the file.

The running bot asks the connection's thread to stand back from the event loop
(`thread_niceness`): a write woken on the loop's core would otherwise take the
core from the loop for the whole write, while acknowledgements are due.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from advice.clock import SYSTEM_CLOCK, Clock
from storage import sqlite_ops as ops
from storage.interface import (
    Case,
    CaseDraft,
    CaseNote,
    CasePage,
    CaseQuery,
    CaseStats,
    CaseUpdate,
    StoreError,
)
from storage.migrations import load_migrations
from storage.rows import COUNT_LIMIT, make_stats
from storage.search_spec import next_cursor, search_spec
from storage.sqlite_installations import SqliteInstallations

log = logging.getLogger("jss.storage")

T = TypeVar("T")

_PRAGMAS = (
    "journal_mode = WAL",
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a committed
    # case survives the bot crashing or being killed (the WAL is in the OS's
    # hands), and only a power loss or OS crash can lose the last commits. That
    # is the durability a case log needs, at a fraction of a sync per answer.
    "synchronous = NORMAL",
    # Each case dirties about twenty pages (indexes, terms, full-text segment).
    # Checkpointing every 8,000 pages rather than SQLite's 1,000 copies each hot
    # page back to the file (and syncs it) far less often; the WAL is then cut
    # back to 32 MB so it does not stay at its high-water mark.
    "wal_autocheckpoint = 8000",
    "journal_size_limit = 33554432",
    "secure_delete = ON",
    "cache_size = -32000",
)


class SqliteCaseStore(SqliteInstallations):
    """CaseStore on one SQLite file (created with its folders when missing), and the
    Slack installations in tables of their own (storage/sqlite_installations.py).

    With `migrate` off, `start` refuses a database with pending migrations
    (`SchemaBehindError`) instead of applying them. `thread_niceness` is added to
    the nice value of the connection's thread (Linux, where threads have their own):
    the running bot lowers it as it lowers its engine workers'."""

    shared = False  # one process; several processes share PostgreSQL

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout_ms: int = 5000,
        clock: Clock = SYSTEM_CLOCK,
        migrate: bool = True,
        thread_niceness: int = 0,
    ) -> None:
        self.path = str(path)
        self._migrate = migrate
        self._thread_niceness = thread_niceness
        self._clock = clock
        self._busy_timeout_ms = busy_timeout_ms
        self._db: aiosqlite.Connection | None = None
        self.count_limit = COUNT_LIMIT

    async def start(self) -> None:
        if self._db is not None:
            return
        if self.path != ":memory:":
            with _errors("create the case log"):
                _private_file(Path(self.path))
        with _errors("open the case log"):
            db = await aiosqlite.connect(
                self.path, isolation_level=None, timeout=self._busy_timeout_ms / 1000
            )
        # From here on the connection's thread runs: whatever fails must close it, or the
        # process could never exit. Calls see it only once it is ready: a write retried
        # while it opens would start a transaction before the PRAGMAs.
        try:
            db.row_factory = aiosqlite.Row
            if self._thread_niceness:
                await _call_on(db, "open the case log", _stand_back, self._thread_niceness)
            with _errors("open the case log"):
                for pragma in (*_PRAGMAS, f"busy_timeout = {int(self._busy_timeout_ms)}"):
                    await db.execute(f"PRAGMA {pragma}")
            migrations = load_migrations("sqlite")
            if not self._migrate:
                await _call_on(db, "read the case log", ops.check_schema, migrations)
            else:
                applied = await _call_on(
                    db,
                    "migrate the case log",
                    ops.migrate,
                    migrations,
                    self._clock.now().isoformat(),
                )
                for version in applied:
                    log.info("case log: applied schema migration %04d", version)
        except BaseException:
            with _errors("close the case log"):
                await db.close()
            raise
        self._db = db

    async def close(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            with _errors("close the case log"):
                await db.close()

    async def _call(self, doing: str, operation: Callable[..., T], *args: Any) -> T:
        """`operation(connection, *args)` in one call on the connection's thread."""
        db = self._db
        if db is None:
            raise StoreError("the case log is closed")
        return await _call_on(db, doing, operation, *args)

    async def schema_version(self) -> int:
        """The highest migration recorded in this database."""
        return await self._call("read the case log", ops.schema_version)

    async def record(self, draft: CaseDraft) -> str:
        return await self._call("write the case log", ops.record, draft)

    async def record_many(self, drafts: list[CaseDraft]) -> list[str]:
        if not drafts:
            return []
        return await self._call("write the case log", ops.record_many, list(drafts))

    async def get(self, case_id: str, *, community_hash: str | None = None) -> Case | None:
        return await self._call("read the case log", ops.get, case_id, community_hash)

    async def search(self, query: CaseQuery) -> CasePage:
        spec = search_spec(query)
        cases, found = await self._call("read the case log", ops.search, spec, self.count_limit)
        return CasePage(
            tuple(cases),
            spec.page,
            spec.per_page,
            found.total,
            found.exact,
            next_cursor(found.seqs, spec),
        )

    async def stats(
        self, since: date | None, until: date | None, *, community_hash: str | None = None
    ) -> CaseStats:
        counts = await self._call("read the case log", ops.stats, since, until, community_hash)
        return make_stats(since, until, **counts)

    async def add_note(
        self, case_id: str, note: CaseNote, *, community_hash: str | None = None
    ) -> bool:
        return await self._call("write the case log", ops.add_note, case_id, note, community_hash)

    async def set_outcome(self, case_id: str, user_hash: str, outcome: str, week: date) -> bool:
        return await self._call(
            "write the case log", ops.set_outcome, case_id, user_hash, outcome, week
        )

    async def forget(self, user_hash: str) -> int:
        return await self._call("write the case log", ops.forget, user_hash)

    async def purge(self, older_than: date) -> int:
        return await self._call("write the case log", ops.purge, older_than)

    async def export(self) -> AsyncIterator[Case]:
        # Page by seq so no read stays open across the caller's awaits.
        after: int | None = -(2**62)
        while after is not None:
            cases, after = await self._call("read the case log", ops.export_page, after)
            for case in cases:
                yield case

    async def outcomes(self, *, community_hash: str | None = None) -> AsyncIterator[Case]:
        after: int | None = -(2**62)
        while after is not None:
            cases, after = await self._call(
                "read the case log", ops.outcome_page, after, community_hash
            )
            for case in cases:
                yield case

    async def update(self, update: CaseUpdate) -> bool:
        return await self._call("write the case log", ops.update, update)

    async def bind(self, key: str, case_id: str, expires: date) -> None:
        await self._call("write the case log", ops.bind, key, case_id, expires)

    async def bound(self, key: str, today: date) -> str | None:
        return await self._call("read the case log", ops.bound, key, today)

    async def seen(self, key: str) -> bool:
        return await self._call("write the case log", ops.seen, key, self._clock.today())

    async def published(self, target: str) -> str | None:
        return await self._call("read the case log", ops.published, target)

    async def mark_published(self, target: str, digest: str) -> None:
        at = self._clock.now().isoformat()
        await self._call("write the case log", ops.mark_published, target, digest, at)


def _private_file(path: Path) -> None:
    """Create the case log file readable by its owner only (its -wal and -shm files
    inherit that from it), and tighten an existing one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


async def _call_on(
    db: aiosqlite.Connection, doing: str, operation: Callable[..., T], *args: Any
) -> T:
    """`operation(connection, *args)` in one call on `db`'s thread."""

    def run() -> T:
        # db._conn is the sqlite3 connection; only this thread ever uses it.
        return operation(db._conn, *args)

    with _errors(doing):
        # aiosqlite has no public way to run a function on its thread; _execute is what
        # its own execute() and commit() are built on.
        execute = cast(Callable[[Callable[[], T]], Any], db._execute)
        return cast(T, await execute(run))


def _stand_back(_: sqlite3.Connection, niceness: int) -> None:
    """Lower the calling thread's priority by `niceness` (Linux only: elsewhere a nice
    value is the whole process's, and the event loop's must stay)."""
    if sys.platform != "linux":
        return
    thread = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + niceness)
    except OSError as error:  # a container may forbid it: the writes still work
        log.warning("the case log's thread keeps its priority (%s)", type(error).__name__)


@contextmanager
def _errors(doing: str) -> Iterator[None]:
    """sqlite3 and aiosqlite failures as StoreError, so callers catch one type."""
    try:
        yield
    except StoreError:
        raise
    except (sqlite3.Error, ValueError, OSError) as error:
        raise StoreError(f"could not {doing}: {type(error).__name__}") from error
