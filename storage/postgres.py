"""The shared case log on PostgreSQL, through an asyncpg pool.

Chosen when several bot processes (Discord shards, Slack HTTP workers) log into
one place. Concurrent writers are expected: inserts use ON CONFLICT so two
processes recording the same event agree on one case, and migrations take an
advisory lock so processes starting together apply each migration once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information

from advice.clock import SYSTEM_CLOCK, Clock
from storage.anonymize import CASE_ID_LENGTH, new_case_id
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
from storage.migrations import SCHEMA_VERSION_TABLE, load_migrations, pending, require_current
from storage.postgres_installations import PostgresInstallations
from storage.postgres_search import find
from storage.rows import (
    CASE_COLUMNS,
    COUNT_LIMIT,
    MAX_ID_ATTEMPTS,
    READ_COLUMNS,
    case_from_row,
    dump_json,
    make_stats,
    seq_bounds,
    week_key,
)
from storage.search_spec import next_cursor, search_spec

log = logging.getLogger("jss.storage")

# Any constant 64-bit number names the lock; this one spells nothing in particular.
_MIGRATION_LOCK = 0x6A53_5348_454C_5052

_INSERT = (
    f"INSERT INTO cases (seq, {', '.join(CASE_COLUMNS)}) VALUES "
    "($1 + (nextval('case_arrival') & 4294967295), "
    + ", ".join(
        f"${n}::jsonb" if column in ("situation", "estimate") else f"${n}"
        for n, column in enumerate(CASE_COLUMNS, start=2)
    )
    + ") ON CONFLICT DO NOTHING RETURNING case_id"
)

# Array parameters of _INSERT_MANY, one per column: (column, element type, how the
# column is made from its element; JSON travels as text).
_BATCH_COLUMNS = (
    ("week_key", "bigint", ""),
    *(
        (column, "text", "::jsonb" if column in ("situation", "estimate") else "")
        for column in CASE_COLUMNS
    ),
)
_ARRAYS = {"advice_ids", "tags"}
_INSERT_MANY = (
    f"INSERT INTO cases (seq, {', '.join(CASE_COLUMNS)}) "
    "SELECT r.week_key + (nextval('case_arrival') & 4294967295), "
    + ", ".join(
        f"ARRAY(SELECT jsonb_array_elements_text(r.{column}::jsonb))"
        if column in _ARRAYS
        else f"r.{column}::date"
        if column == "created_week"
        else f"r.{column}{cast}"
        for column, _, cast in _BATCH_COLUMNS[1:]
    )
    + " FROM unnest("
    + ", ".join(f"${n}::{kind}[]" for n, (_, kind, _) in enumerate(_BATCH_COLUMNS, start=1))
    + f") WITH ORDINALITY AS r({', '.join(name for name, _, _ in _BATCH_COLUMNS)}, arrival) "
    "ORDER BY r.arrival ON CONFLICT DO NOTHING"
)


# One member's bucket after refilling since its last command ($2 the time, $3 the burst,
# $4 the rate a second); a clock behind the last writer's refills nothing.
_REFILLED = "LEAST($3::float8, b.tokens + GREATEST($2::float8 - b.updated, 0) * $4::float8)"
# Count one command in one statement: concurrent checks of one member, from any process,
# queue on the row's lock, and each sees the bucket the one before it left.
_TAKE_TOKEN = (
    "INSERT INTO rate_buckets AS b (key, tokens, updated, granted) "
    "VALUES ($1, $3::float8 - 1, $2::float8, true) "
    f"ON CONFLICT (key) DO UPDATE SET "
    f"tokens = CASE WHEN {_REFILLED} >= 1 THEN {_REFILLED} - 1 ELSE {_REFILLED} END, "
    f"granted = {_REFILLED} >= 1, "
    "updated = GREATEST(b.updated, $2::float8) "
    "RETURNING tokens, granted"
)
# A bucket idle a day is full again (at any rate refilling a burst within a day), so the
# daily purge removing it changes no answer.
_IDLE_BUCKET_SECONDS = 86_400.0


class PostgresCaseStore(PostgresInstallations):
    """CaseStore on a PostgreSQL database given by a `postgresql://` DSN, and the Slack
    installations in tables of their own (storage/postgres_installations.py).

    With `migrate` off, `start` refuses a database with pending migrations
    (`SchemaBehindError`) instead of applying them."""

    shared = True  # what several bot processes point at

    def __init__(
        self,
        dsn: str,
        *,
        min_size: int = 1,
        max_size: int = 10,
        connect_timeout: float = 5.0,
        clock: Clock = SYSTEM_CLOCK,
        migrate: bool = True,
    ) -> None:
        self._dsn = dsn
        self._apply_migrations = migrate
        self._clock = clock
        self._min_size = min_size
        self._max_size = max_size
        self._connect_timeout = connect_timeout
        self._pool: asyncpg.Pool | None = None
        self.count_limit = COUNT_LIMIT

    async def start(self) -> None:
        if self._pool is not None:
            return
        with _errors("connect to the case log"):
            self._pool = await asyncpg.create_pool(
                self._dsn,
                min_size=self._min_size,
                max_size=self._max_size,
                timeout=self._connect_timeout,
                # A plan for the parameters at hand, every time: a search's cost hinges on
                # how long its lists are, which a generic plan cannot know.
                server_settings={"plan_cache_mode": "force_custom_plan"},
            )
        try:
            await self._migrate()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        closed = False
        try:
            await asyncio.wait_for(pool.close(), timeout=self._connect_timeout)
            closed = True
        except (TimeoutError, asyncpg.PostgresError, OSError):
            pass
        finally:
            # A server that does not answer (or a close given up on) must not keep
            # connections, or the calls hanging on them, alive: drop them outright.
            if not closed:
                pool.terminate()

    async def schema_version(self) -> int:
        """The highest migration recorded in this database."""
        async with self._conn() as conn:
            return int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version"))

    async def _migrate(self) -> None:
        migrations = load_migrations("postgres")
        if not self._apply_migrations:
            async with self._conn() as conn:
                require_current(migrations, await recorded_version(conn))
            return
        async with self._conn() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
            await conn.execute(SCHEMA_VERSION_TABLE)
            recorded = await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version")
            for migration in pending(migrations, int(recorded)):
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    self._clock.now().isoformat(),
                )
                log.info("case log: applied schema migration %04d", migration.version)

    @asynccontextmanager
    async def _conn(self) -> AsyncIterator[asyncpg.Connection]:
        if self._pool is None:
            raise StoreError("the case log is closed")
        with _errors("use the case log"):
            async with self._pool.acquire() as conn:
                yield conn

    async def record(self, draft: CaseDraft) -> str:
        # No explicit transaction: the INSERT commits on its own, so a new case
        # costs one round trip instead of three (BEGIN, INSERT, COMMIT).
        async with self._conn() as conn:
            return await self._insert(conn, draft)

    async def record_many(self, drafts: list[CaseDraft]) -> list[str]:
        if not drafts:
            return []
        async with self._conn() as conn, conn.transaction():
            # The whole batch in one statement (one round trip, and the terms trigger
            # runs once per batch); then what is stored for each event, whoever wrote it.
            await conn.execute(_INSERT_MANY, *_columns(drafts))
            stored: dict[str, str] = dict(
                await conn.fetch(
                    "SELECT event_key, case_id FROM cases WHERE event_key = ANY($1::text[])",
                    [draft.event_key for draft in drafts],
                )
            )
            for draft in drafts:
                if draft.event_key not in stored:
                    # Skipped for a case id already taken: a new id, one at a time.
                    stored[draft.event_key] = await self._insert(conn, draft)
            return [stored[draft.event_key] for draft in drafts]

    async def _insert(self, conn: asyncpg.Connection, draft: CaseDraft) -> str:
        case_id = draft.case_id
        for attempt in range(1, MAX_ID_ATTEMPTS * 3 + 1):
            written = await conn.fetchval(
                _INSERT, week_key(draft.created_week), *_values(draft, case_id)
            )
            if written is not None:
                return str(written)
            # Nothing written: the event is logged already (by us or another
            # process), or else the case id is taken and another one is tried.
            existing = await conn.fetchval(
                "SELECT case_id FROM cases WHERE event_key = $1", draft.event_key
            )
            if existing is not None:
                return str(existing)
            case_id = new_case_id(CASE_ID_LENGTH + attempt // MAX_ID_ATTEMPTS)
        raise StoreError("could not find a free case id")

    async def get(self, case_id: str, *, community_hash: str | None = None) -> Case | None:
        async with self._conn() as conn:
            row = await conn.fetchrow(
                f"SELECT {READ_COLUMNS} FROM cases WHERE case_id = $1 "
                "AND ($2::text IS NULL OR community_hash = $2)",
                case_id,
                community_hash,
            )
            cases = await self._with_notes(conn, [row] if row is not None else [])
        return cases[0] if cases else None

    async def _with_notes(self, conn: asyncpg.Connection, rows: list[Any]) -> list[Case]:
        notes: dict[int, list[CaseNote]] = {}
        if rows:
            found = await conn.fetch(
                "SELECT seq, week, moderator_hash, text FROM case_notes "
                "WHERE seq = ANY($1::bigint[]) ORDER BY seq, note_id",
                [row["seq"] for row in rows],
            )
            for note in found:
                notes.setdefault(note["seq"], []).append(
                    CaseNote(note["week"], note["moderator_hash"], note["text"])
                )
        return [case_from_row(row, notes.get(row["seq"], ())) for row in rows]

    async def search(self, query: CaseQuery) -> CasePage:
        spec = search_spec(query)
        async with self._conn() as conn:
            found = await find(conn, spec, self.count_limit)
            rows = await conn.fetch(
                f"SELECT {READ_COLUMNS} FROM cases WHERE seq = ANY($1::bigint[]) ORDER BY seq DESC",
                found.seqs,
            )
            cases = await self._with_notes(conn, list(rows))
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
        low, high = seq_bounds(since, until)
        span = "seq >= $1 AND seq < $2 AND ($3::text IS NULL OR community_hash = $3)"
        bounds = (
            low if low is not None else -(2**62),
            high if high is not None else 2**62,
            community_hash,
        )
        async with self._conn() as conn:
            totals = await conn.fetchrow(
                f"SELECT COUNT(*), COUNT(outcome) FROM cases WHERE {span}", *bounds
            )
            assert totals is not None

            async def grouped(expression: str, source: str = "cases") -> list[tuple[Any, Any]]:
                rows = await conn.fetch(
                    f"SELECT {expression} AS name, COUNT(*) FROM {source} WHERE {span} GROUP BY 1",
                    *bounds,
                )
                return [(row[0], row[1]) for row in rows]

            by_tag = await grouped("tag", "cases, unnest(tags) AS tag")
            by_advice = await grouped("advice", "cases, unnest(advice_ids) AS advice")
            by_week = await grouped("created_week")
            by_platform = await grouped("platform")
        return make_stats(
            since, until, totals[0], totals[1], by_tag, by_advice, by_week, by_platform
        )

    async def add_note(
        self, case_id: str, note: CaseNote, *, community_hash: str | None = None
    ) -> bool:
        async with self._conn() as conn:
            status = await conn.execute(
                "INSERT INTO case_notes (seq, week, moderator_hash, text) "
                "SELECT seq, $2, $3, $4 FROM cases WHERE case_id = $1 "
                "AND ($5::text IS NULL OR community_hash = $5)",
                case_id,
                note.week,
                note.moderator_hash,
                note.text,
                community_hash,
            )
        return _affected(status) > 0

    async def set_outcome(self, case_id: str, user_hash: str, outcome: str, week: date) -> bool:
        async with self._conn() as conn:
            status = await conn.execute(
                "UPDATE cases SET outcome = $3, outcome_week = $4 "
                "WHERE case_id = $1 AND user_hash = $2",
                case_id,
                user_hash,
                outcome,
                week,
            )
        return _affected(status) > 0

    async def update(self, update: CaseUpdate) -> bool:
        async with self._conn() as conn:
            status = await conn.execute(
                "UPDATE cases SET ruleset = $3, situation = $4::jsonb, estimate = $5::jsonb, "
                "advice_ids = $6, tags = $7, summary = $8 WHERE case_id = $1 AND user_hash = $2",
                update.case_id,
                update.user_hash,
                update.ruleset,
                dump_json(update.situation),
                dump_json(update.estimate),
                list(update.advice_ids),
                list(update.tags),
                update.summary,
            )
        return _affected(status) > 0

    async def bind(self, key: str, case_id: str, expires: date) -> None:
        async with self._conn() as conn:
            await conn.execute(
                "INSERT INTO conversations (key, case_id, expires) VALUES ($1, $2, $3) "
                "ON CONFLICT (key) DO UPDATE SET case_id = EXCLUDED.case_id, "
                "expires = EXCLUDED.expires",
                key,
                case_id,
                expires,
            )

    async def bound(self, key: str, today: date) -> str | None:
        async with self._conn() as conn:
            found = await conn.fetchval(
                "SELECT case_id FROM conversations WHERE key = $1 AND expires >= $2", key, today
            )
        return None if found is None else str(found)

    async def forget(self, user_hash: str) -> int:
        async with self._conn() as conn, conn.transaction():
            status = await conn.execute("DELETE FROM cases WHERE user_hash = $1", user_hash)
            await conn.execute(
                "DELETE FROM conversations c WHERE NOT EXISTS "
                "(SELECT 1 FROM cases s WHERE s.case_id = c.case_id)"
            )
            # Notes the member wrote as a moderator stay, without their hash.
            await conn.execute(
                "UPDATE case_notes SET moderator_hash = '' WHERE moderator_hash = $1", user_hash
            )
        return _affected(status)

    async def purge(self, older_than: date) -> int:
        async with self._conn() as conn, conn.transaction():
            status = await conn.execute("DELETE FROM cases WHERE seq < $1", week_key(older_than))
            await conn.execute("DELETE FROM seen_events WHERE seen_day < $1", older_than)
            await conn.execute(
                "DELETE FROM rate_buckets WHERE updated < $1",
                self._clock.now().timestamp() - _IDLE_BUCKET_SECONDS,
            )
            await conn.execute(
                "DELETE FROM conversations c WHERE c.expires < $1 OR NOT EXISTS "
                "(SELECT 1 FROM cases s WHERE s.case_id = c.case_id)",
                older_than,
            )
        return _affected(status)

    async def export(self) -> AsyncIterator[Case]:
        # Page by seq so no connection stays checked out across the caller's awaits.
        after = -(2**62)
        while True:
            async with self._conn() as conn:
                rows = list(
                    await conn.fetch(
                        f"SELECT {READ_COLUMNS} FROM cases WHERE seq > $1 ORDER BY seq LIMIT 500",
                        after,
                    )
                )
                cases = await self._with_notes(conn, rows)
            if not rows:
                return
            after = rows[-1]["seq"]
            for case in cases:
                yield case

    async def outcomes(self, *, community_hash: str | None = None) -> AsyncIterator[Case]:
        after = -(2**62)
        while True:
            async with self._conn() as conn:
                rows = list(
                    await conn.fetch(
                        f"SELECT {READ_COLUMNS} FROM cases WHERE seq > $1 "
                        "AND outcome IS NOT NULL "
                        "AND ($2::text IS NULL OR community_hash = $2) ORDER BY seq LIMIT 500",
                        after,
                        community_hash,
                    )
                )
                cases = await self._with_notes(conn, rows)
            if not rows:
                return
            after = rows[-1]["seq"]
            for case in cases:
                yield case

    async def seen(self, key: str) -> bool:
        async with self._conn() as conn:
            status = await conn.execute(
                "INSERT INTO seen_events (key, seen_day) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                key,
                self._clock.today(),
            )
        return _affected(status) == 0

    async def take_token(self, key: str, at: float, per_second: float, burst: float) -> float:
        async with self._conn() as conn:
            row = await conn.fetchrow(_TAKE_TOKEN, key, at, burst, per_second)
        assert row is not None  # an upsert always returns its row
        return 0.0 if row["granted"] else (1.0 - float(row["tokens"])) / per_second

    async def published(self, target: str) -> str | None:
        async with self._conn() as conn:
            found = await conn.fetchval(
                "SELECT digest FROM published_commands WHERE target = $1", target
            )
        return None if found is None else str(found)

    async def mark_published(self, target: str, digest: str) -> None:
        async with self._conn() as conn:
            await conn.execute(
                "INSERT INTO published_commands (target, digest, published_at) "
                "VALUES ($1, $2, $3) ON CONFLICT (target) DO UPDATE "
                "SET digest = excluded.digest, published_at = excluded.published_at",
                target,
                digest,
                self._clock.now().isoformat(),
            )


async def recorded_version(conn: asyncpg.Connection) -> int:
    """The highest migration recorded, 0 for a database no migration has touched."""
    if await conn.fetchval("SELECT to_regclass('schema_version')") is None:
        return 0
    return int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version"))


def _values(draft: CaseDraft, case_id: str) -> list[Any]:
    """Parameters in CASE_COLUMNS order (JSON as text, cast to jsonb in the SQL)."""
    return [
        case_id,
        draft.event_key,
        draft.created_week,
        draft.platform,
        draft.channel_kind,
        draft.user_hash,
        draft.channel_hash,
        draft.community_hash,
        draft.ruleset,
        dump_json(draft.situation),
        dump_json(draft.estimate),
        list(draft.advice_ids),
        list(draft.tags),
        draft.summary,
    ]


def _columns(drafts: list[CaseDraft]) -> list[list[Any]]:
    """_INSERT_MANY's parameters: one array per column, in _BATCH_COLUMNS order."""
    rows = [[week_key(draft.created_week), *_values(draft, draft.case_id)] for draft in drafts]
    columns = [list(column) for column in zip(*rows, strict=True)]
    for index, (name, _, _) in enumerate(_BATCH_COLUMNS):
        if name in _ARRAYS:
            columns[index] = [dump_json(value) for value in columns[index]]
        elif name == "created_week":
            columns[index] = [value.isoformat() for value in columns[index]]
    return columns


def _affected(status: str) -> int:
    """Rows touched, from a command status like 'DELETE 3' or 'INSERT 0 1'."""
    return int(status.rsplit(" ", 1)[-1])


@contextmanager
def _errors(doing: str) -> Iterator[None]:
    """asyncpg and network failures as StoreError, so callers catch one type."""
    try:
        yield
    except StoreError:
        raise
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError) as error:
        raise StoreError(f"could not {doing}: {type(error).__name__}") from error
