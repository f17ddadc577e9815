"""The embedded case log: one SQLite file in WAL mode, through aiosqlite.

One connection serves the whole process; an asyncio lock keeps one transaction
at a time on it (aiosqlite runs calls in order, but a transaction is several
calls). `secure_delete` is on so that forget-me and purge overwrite what they
remove instead of leaving it in free pages of the file.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from storage.anonymize import CASE_ID_LENGTH, new_case_id
from storage.interface import Case, CaseDraft, CaseNote, CasePage, CaseQuery, CaseStats, StoreError
from storage.migrations import (
    SCHEMA_VERSION_TABLE,
    load_migrations,
    pending,
    split_statements,
)
from storage.rows import (
    ARRIVAL_BITS,
    CASE_COLUMNS,
    COUNT_LIMIT,
    MAX_ID_ATTEMPTS,
    READ_COLUMNS,
    capped_total,
    case_from_row,
    dump_json,
    make_stats,
    page_window,
    seq_bounds,
    week_key,
)
from storage.sqlite_search import prefixed, search_plan

log = logging.getLogger("jss.storage")

_CHUNK = 500  # stays under SQLite's bound-parameter limit in IN (...) lists

# The arrival number is the next free one in the case's week, found in the same
# statement so that no other writer can take it in between.
_INSERT = (
    f"INSERT INTO cases (seq, {', '.join(CASE_COLUMNS)}) VALUES ("
    "(SELECT COALESCE(MAX(seq) + 1, :low) FROM cases WHERE seq >= :low AND seq < :high), "
    + ", ".join(f":{column}" for column in CASE_COLUMNS)
    + ")"
)
_INSERT_ONE = _INSERT + " ON CONFLICT (event_key) DO NOTHING RETURNING case_id"


class SqliteCaseStore:
    """CaseStore on one SQLite file (created with its folders when missing)."""

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 5000) -> None:
        self.path = str(path)
        self._busy_timeout_ms = busy_timeout_ms
        self._db: aiosqlite.Connection | None = None
        self._lock: asyncio.Lock | None = None
        self.count_limit = COUNT_LIMIT

    async def start(self) -> None:
        if self._db is not None:
            return
        self._lock = asyncio.Lock()
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with _errors("open the case log"):
            db = await aiosqlite.connect(self.path, isolation_level=None)
            db.row_factory = aiosqlite.Row
            for pragma in (
                "journal_mode = WAL",
                "synchronous = NORMAL",
                f"busy_timeout = {int(self._busy_timeout_ms)}",
                "secure_delete = ON",
                "cache_size = -32000",
            ):
                await db.execute(f"PRAGMA {pragma}")
        self._db = db
        try:
            await self._migrate()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            with _errors("close the case log"):
                await db.close()

    async def schema_version(self) -> int:
        """The highest migration recorded in this database."""
        async with self._locked() as db:
            rows = await db.execute_fetchall("SELECT COALESCE(MAX(version), 0) FROM schema_version")
            return int(next(iter(rows))[0])

    async def _migrate(self) -> None:
        migrations = load_migrations("sqlite")
        async with self._transaction() as db:
            await db.execute(SCHEMA_VERSION_TABLE)
            rows = await db.execute_fetchall("SELECT COALESCE(MAX(version), 0) FROM schema_version")
            for migration in pending(migrations, int(next(iter(rows))[0])):
                for statement in split_statements(migration.sql):
                    await db.execute(statement)
                await db.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, datetime.now(UTC).isoformat()),
                )
                log.info("case log: applied schema migration %04d", migration.version)

    @asynccontextmanager
    async def _locked(self) -> AsyncIterator[aiosqlite.Connection]:
        if self._db is None or self._lock is None:
            raise StoreError("the case log is closed")
        async with self._lock:
            with _errors("read the case log"):
                yield self._db

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._locked() as db:
            with _errors("write the case log"):
                await db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    await db.execute("ROLLBACK")
                    raise
                await db.execute("COMMIT")

    async def record(self, draft: CaseDraft) -> str:
        # One statement, so one transaction and one trip to the database thread:
        # the answer path pays for nothing it does not need.
        async with self._locked() as db:
            case_id = draft.case_id
            for attempt in range(1, MAX_ID_ATTEMPTS * 3 + 1):
                try:
                    rows = list(await db.execute_fetchall(_INSERT_ONE, _row(draft, case_id)))
                except sqlite3.IntegrityError:
                    # The event is covered by ON CONFLICT, so this is a taken case id.
                    case_id = new_case_id(CASE_ID_LENGTH + attempt // MAX_ID_ATTEMPTS)
                    continue
                if rows:
                    return str(rows[0][0])
                found = await db.execute_fetchall(
                    "SELECT case_id FROM cases WHERE event_key = ?", (draft.event_key,)
                )
                return str(next(iter(found))[0])
        raise StoreError("could not find a free case id")

    async def record_many(self, drafts: list[CaseDraft]) -> list[str]:
        if not drafts:
            return []
        async with self._transaction() as db:
            existing, taken = await self._known(db, drafts)
            rows = []
            for draft in drafts:
                if draft.event_key in existing:
                    continue
                case_id = draft.case_id
                if case_id in taken:
                    case_id = await self._free_id(db, taken)
                taken.add(case_id)
                existing[draft.event_key] = case_id
                rows.append(_row(draft, case_id))
            await db.executemany(_INSERT, rows)
        return [existing[draft.event_key] for draft in drafts]

    async def _known(
        self, db: aiosqlite.Connection, drafts: list[CaseDraft]
    ) -> tuple[dict[str, str], set[str]]:
        """Cases already stored for these events, and which of the wanted ids are taken."""
        existing: dict[str, str] = {}
        taken: set[str] = set()
        for chunk in _chunks(drafts):
            marks = ", ".join("?" * len(chunk))
            rows = await db.execute_fetchall(
                "SELECT event_key, case_id FROM cases "
                f"WHERE event_key IN ({marks}) OR case_id IN ({marks})",
                [d.event_key for d in chunk] + [d.case_id for d in chunk],
            )
            for event_key, case_id in rows:
                taken.add(case_id)
                existing[event_key] = case_id
        keys = {draft.event_key for draft in drafts}
        return {key: value for key, value in existing.items() if key in keys}, taken

    async def _free_id(self, db: aiosqlite.Connection, taken: set[str]) -> str:
        """A new case id neither stored nor in `taken`."""
        for attempt in range(1, MAX_ID_ATTEMPTS * 3 + 1):
            # Lengthen the id when short ids keep colliding (a very full log).
            case_id = new_case_id(CASE_ID_LENGTH + attempt // MAX_ID_ATTEMPTS)
            if case_id in taken:
                continue
            rows = await db.execute_fetchall("SELECT 1 FROM cases WHERE case_id = ?", (case_id,))
            if not list(rows):
                return case_id
        raise StoreError("could not find a free case id")

    async def get(self, case_id: str) -> Case | None:
        async with self._locked() as db:
            rows = await db.execute_fetchall(
                f"SELECT {READ_COLUMNS} FROM cases WHERE case_id = ?", (case_id,)
            )
            cases = await self._with_notes(db, list(rows))
        return cases[0] if cases else None

    async def _with_notes(self, db: aiosqlite.Connection, rows: list[sqlite3.Row]) -> list[Case]:
        notes: dict[int, list[CaseNote]] = {}
        seqs = [row["seq"] for row in rows]
        for chunk in _chunks(seqs):
            marks = ", ".join("?" * len(chunk))
            found = await db.execute_fetchall(
                "SELECT seq, week, moderator_hash, text FROM case_notes "
                f"WHERE seq IN ({marks}) ORDER BY seq, note_no",
                chunk,
            )
            for seq, week, moderator, text in found:
                notes.setdefault(seq, []).append(
                    CaseNote(date.fromisoformat(week), moderator, text)
                )
        return [case_from_row(dict(row), notes.get(row["seq"], ())) for row in rows]

    async def search(self, query: CaseQuery) -> CasePage:
        page, per_page, offset = page_window(query)
        plan = search_plan(query, self.count_limit)
        async with self._locked() as db:
            counted = await db.execute_fetchall(plan.count_sql, plan.count_params)
            total, exact = capped_total(int(next(iter(counted))[0]), self.count_limit)
            rows: list[sqlite3.Row] = []
            if offset < total or not exact:
                found = await db.execute_fetchall(
                    f"SELECT {prefixed(READ_COLUMNS)} FROM {plan.source} "
                    f"JOIN cases c ON c.seq = k.seq WHERE {plan.where} "
                    "ORDER BY k.seq DESC LIMIT ? OFFSET ?",
                    [*plan.params, per_page, offset],
                )
                rows = list(found)
            cases = await self._with_notes(db, rows)
        return CasePage(tuple(cases), page, per_page, total, exact)

    async def stats(self, since: date | None, until: date | None) -> CaseStats:
        low, high = seq_bounds(since, until)
        span = "seq >= ? AND seq < ?"
        bounds = (low if low is not None else -(2**62), high if high is not None else 2**62)
        async with self._locked() as db:

            async def pairs(sql: str, *params: Any) -> list[tuple[Any, Any]]:
                return [(row[0], row[1]) for row in await db.execute_fetchall(sql, params)]

            async def terms(prefix: str) -> list[tuple[Any, Any]]:
                return await pairs(
                    "SELECT substr(term, ?), COUNT(*) FROM case_terms "
                    f"WHERE term > ? AND term < ? AND {span} GROUP BY term",
                    len(prefix) + 1,
                    prefix,
                    prefix[:-1] + ";",  # ';' follows ':': every term with the prefix
                    *bounds,
                )

            [(total, outcomes)] = await pairs(
                f"SELECT COUNT(*), COUNT(outcome) FROM cases WHERE {span}", *bounds
            )
            grouped = f"FROM cases WHERE {span} GROUP BY 1"
            by_week = await pairs(f"SELECT created_week, COUNT(*) {grouped}", *bounds)
            by_platform = await pairs(f"SELECT platform, COUNT(*) {grouped}", *bounds)
            by_tag, by_advice = await terms("tag:"), await terms("advice:")
        return make_stats(since, until, total, outcomes, by_tag, by_advice, by_week, by_platform)

    async def add_note(self, case_id: str, note: CaseNote) -> bool:
        async with self._transaction() as db:
            rows = list(
                await db.execute_fetchall("SELECT seq FROM cases WHERE case_id = ?", (case_id,))
            )
            if not rows:
                return False
            await db.execute(
                "INSERT INTO case_notes (seq, note_no, week, moderator_hash, text) VALUES (:seq, "
                "(SELECT COALESCE(MAX(note_no), 0) + 1 FROM case_notes WHERE seq = :seq), "
                ":week, :moderator, :text)",
                {
                    "seq": rows[0][0],
                    "week": note.week.isoformat(),
                    "moderator": note.moderator_hash,
                    "text": note.text,
                },
            )
        return True

    async def set_outcome(self, case_id: str, user_hash: str, outcome: str, week: date) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "UPDATE cases SET outcome = ?, outcome_week = ? "
                "WHERE case_id = ? AND user_hash = ?",
                (outcome, week.isoformat(), case_id, user_hash),
            )
            return cursor.rowcount > 0

    async def forget(self, user_hash: str) -> int:
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM cases WHERE user_hash = ?", (user_hash,))
            # Notes the member wrote as a moderator stay, without their hash.
            await db.execute(
                "UPDATE case_notes SET moderator_hash = '' WHERE moderator_hash = ?", (user_hash,)
            )
            return cursor.rowcount

    async def purge(self, older_than: date) -> int:
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM cases WHERE seq < ?", (week_key(older_than),))
            await db.execute(
                "DELETE FROM seen_events WHERE seen_day < ?", (older_than.isoformat(),)
            )
            return cursor.rowcount

    async def export(self) -> AsyncIterator[Case]:
        # Page by seq so no read stays open across the caller's awaits.
        after = -(2**62)
        while True:
            async with self._locked() as db:
                rows = list(
                    await db.execute_fetchall(
                        f"SELECT {READ_COLUMNS} FROM cases WHERE seq > ? ORDER BY seq LIMIT 500",
                        (after,),
                    )
                )
                cases = await self._with_notes(db, rows)
            if not rows:
                return
            after = rows[-1]["seq"]
            for case in cases:
                yield case

    async def seen(self, key: str) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "INSERT OR IGNORE INTO seen_events (key, seen_day) VALUES (?, ?)",
                (key, datetime.now(UTC).date().isoformat()),
            )
            return cursor.rowcount == 0


def _row(draft: CaseDraft, case_id: str) -> dict[str, Any]:
    """Named parameters of _INSERT for one draft."""
    low = week_key(draft.created_week)
    return {
        "low": low,
        "high": low + (1 << ARRIVAL_BITS),
        "case_id": case_id,
        "event_key": draft.event_key,
        "created_week": draft.created_week.isoformat(),
        "platform": draft.platform,
        "channel_kind": draft.channel_kind,
        "user_hash": draft.user_hash,
        "channel_hash": draft.channel_hash,
        "community_hash": draft.community_hash,
        "ruleset": draft.ruleset,
        "situation": dump_json(draft.situation),
        "estimate": dump_json(draft.estimate),
        "advice_ids": dump_json(list(draft.advice_ids)),
        "tags": dump_json(list(draft.tags)),
        "summary": draft.summary,
    }


def _chunks(items: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start : start + _CHUNK])


@contextmanager
def _errors(doing: str) -> Iterator[None]:
    """sqlite3 and aiosqlite failures as StoreError, so callers catch one type."""
    try:
        yield
    except StoreError:
        raise
    except (sqlite3.Error, ValueError, OSError) as error:
        raise StoreError(f"could not {doing}: {type(error).__name__}") from error
