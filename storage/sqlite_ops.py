"""The SQLite store's operations, each a plain function of one sqlite3 connection.

`SqliteCaseStore` runs every operation as ONE call on aiosqlite's connection thread.
That thread runs calls one after another, so an operation (a whole transaction
included) never interleaves with another one and needs no lock on the event loop,
and it costs one round trip to the thread however many statements it runs. A
caller that stops waiting (a timeout) cannot leave a transaction half done either:
the call runs to its COMMIT or ROLLBACK on the thread regardless.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from storage.anonymize import CASE_ID_LENGTH, new_case_id
from storage.interface import Case, CaseDraft, CaseNote, CaseUpdate, StoreError
from storage.migrations import (
    SCHEMA_VERSION_TABLE,
    Migration,
    pending,
    require_current,
    split_statements,
)
from storage.rows import (
    ARRIVAL_BITS,
    CASE_COLUMNS,
    MAX_ID_ATTEMPTS,
    READ_COLUMNS,
    case_from_row,
    dump_json,
    seq_bounds,
    week_key,
)
from storage.search_spec import Found, SearchSpec
from storage.sqlite_search import community_no, find

T = TypeVar("T")

_CHUNK = 500  # stays under SQLite's bound-parameter limit in IN (...) lists

# The arrival number is the next free one in the case's week, found in the same
# statement so that no other writer (another process on the file) can take it in
# between. Positional parameters: the first two are the week's seq bounds.
_INSERT = (
    f"INSERT INTO cases (seq, {', '.join(CASE_COLUMNS)}) VALUES ("
    "(SELECT COALESCE(MAX(seq) + 1, ?1) FROM cases WHERE seq >= ?1 AND seq < ?2), "
    + ", ".join(f"?{n}" for n in range(3, 3 + len(CASE_COLUMNS)))
    + ")"
)
_INSERT_ONE = _INSERT + " ON CONFLICT (event_key) DO NOTHING RETURNING case_id"
_SEEN = "INSERT OR IGNORE INTO seen_events (key, seen_day) VALUES (?, ?)"


def transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """`work` in one write transaction (the connection is in autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


def migrate(conn: sqlite3.Connection, migrations: list[Migration], applied_at: str) -> list[int]:
    """Apply the pending migrations in one transaction; returns the versions applied.

    `applied_at` (an ISO timestamp) is recorded with each one."""

    def work(db: sqlite3.Connection) -> list[int]:
        db.execute(SCHEMA_VERSION_TABLE)
        applied = []
        for migration in pending(migrations, schema_version(db)):
            for statement in split_statements(migration.sql):
                db.execute(statement)
            db.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, applied_at),
            )
            applied.append(migration.version)
        return applied

    return transaction(conn, work)


def check_schema(conn: sqlite3.Connection, migrations: list[Migration]) -> None:
    """Refuse a database whose schema is not this code's, writing nothing to it."""
    require_current(migrations, recorded_version(conn))


def recorded_version(conn: sqlite3.Connection) -> int:
    """The highest migration recorded, 0 for a database no migration has touched."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    return schema_version(conn) if found else 0


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0])


def record(conn: sqlite3.Connection, draft: CaseDraft) -> str:
    """One INSERT in autocommit: one transaction; the triggers fill terms and FTS."""
    params = _row(draft, draft.case_id)
    for attempt in range(1, MAX_ID_ATTEMPTS * 3 + 1):
        try:
            written = conn.execute(_INSERT_ONE, params).fetchone()
        except sqlite3.IntegrityError:
            # The event is covered by ON CONFLICT, so this is a taken case id;
            # lengthen the id when short ones keep colliding (a very full log).
            params[2] = new_case_id(CASE_ID_LENGTH + attempt // MAX_ID_ATTEMPTS)
            continue
        if written is not None:
            return str(written[0])
        # Logged already (a retry): the first write's id, read outside any
        # transaction is fine since an event's case is never rewritten.
        found = conn.execute("SELECT case_id FROM cases WHERE event_key = ?", (draft.event_key,))
        return str(found.fetchone()[0])
    raise StoreError("could not find a free case id")


def record_many(conn: sqlite3.Connection, drafts: list[CaseDraft]) -> list[str]:
    """Several cases in one transaction, skipping events already logged."""

    def work(db: sqlite3.Connection) -> list[str]:
        existing, taken = _known(db, drafts)
        rows = []
        for draft in drafts:
            if draft.event_key in existing:
                continue
            case_id = draft.case_id
            if case_id in taken:
                case_id = _free_id(db, taken)
            taken.add(case_id)
            existing[draft.event_key] = case_id
            rows.append(_row(draft, case_id))
        db.executemany(_INSERT, rows)
        return [existing[draft.event_key] for draft in drafts]

    return transaction(conn, work)


def _known(db: sqlite3.Connection, drafts: list[CaseDraft]) -> tuple[dict[str, str], set[str]]:
    """Cases already stored for these events, and which of the wanted ids are taken."""
    existing: dict[str, str] = {}
    taken: set[str] = set()
    for chunk in _chunks(drafts):
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT event_key, case_id FROM cases WHERE event_key IN ({marks}) "
            f"OR case_id IN ({marks})",
            [d.event_key for d in chunk] + [d.case_id for d in chunk],
        )
        for event_key, case_id in rows:
            taken.add(case_id)
            existing[event_key] = case_id
    keys = {draft.event_key for draft in drafts}
    return {key: value for key, value in existing.items() if key in keys}, taken


def _free_id(db: sqlite3.Connection, taken: set[str]) -> str:
    """A new case id neither stored nor in `taken`."""
    for attempt in range(1, MAX_ID_ATTEMPTS * 3 + 1):
        case_id = new_case_id(CASE_ID_LENGTH + attempt // MAX_ID_ATTEMPTS)
        if case_id in taken:
            continue
        if db.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
            return case_id
    raise StoreError("could not find a free case id")


def seen(conn: sqlite3.Connection, key: str, day: date) -> bool:
    """One autocommit INSERT OR IGNORE: it wrote nothing when the event was known.

    `day` is kept with the key, so that purging can forget old events."""
    return conn.execute(_SEEN, (key, day.isoformat())).rowcount == 0


def with_notes(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Case]:
    notes: dict[int, list[CaseNote]] = {}
    for chunk in _chunks([row["seq"] for row in rows]):
        marks = ", ".join("?" * len(chunk))
        found = conn.execute(
            "SELECT seq, week, moderator_hash, text FROM case_notes "
            f"WHERE seq IN ({marks}) ORDER BY seq, note_no",
            chunk,
        )
        for seq, week, moderator, text in found:
            notes.setdefault(seq, []).append(CaseNote(date.fromisoformat(week), moderator, text))
    return [case_from_row(dict(row), notes.get(row["seq"], ())) for row in rows]


# "The case's community is this one, unless no community was given" (the operator's view).
_IN_COMMUNITY = "(?{n} IS NULL OR community_hash = ?{n})"


def get(conn: sqlite3.Connection, case_id: str, community_hash: str | None) -> Case | None:
    rows = conn.execute(
        f"SELECT {READ_COLUMNS} FROM cases WHERE case_id = ?1 AND {_IN_COMMUNITY.format(n=2)}",
        (case_id, community_hash),
    )
    cases = with_notes(conn, rows.fetchall())
    return cases[0] if cases else None


def search(
    conn: sqlite3.Connection, spec: SearchSpec, count_limit: int
) -> tuple[list[Case], Found]:
    """One page of matches, with the (bounded) count, read together."""
    found = find(conn, spec, count_limit)
    rows = conn.execute(
        f"SELECT {READ_COLUMNS} FROM cases WHERE seq IN (SELECT value FROM json_each(?)) "
        "ORDER BY seq DESC",
        (dump_json(found.seqs),),
    ).fetchall()
    return with_notes(conn, rows), found


def stats(
    conn: sqlite3.Connection, since: date | None, until: date | None, community_hash: str | None
) -> dict[str, Any]:
    """The counts behind CaseStats, as keyword arguments of make_stats."""
    low, high = seq_bounds(since, until)
    span = f"seq >= ?1 AND seq < ?2 AND {_IN_COMMUNITY.format(n=3)}"
    bounds = (
        low if low is not None else -(2**62),
        high if high is not None else 2**62,
        community_hash,
    )

    def pairs(sql: str, *params: Any) -> list[tuple[Any, Any]]:
        return [(row[0], row[1]) for row in conn.execute(sql, params)]

    # Terms carry the community's number (-1: a community with no cases, so none match).
    number = None if community_hash is None else community_no(conn, community_hash)
    scope = (bounds[0], bounds[1], -1 if community_hash and number is None else number)

    def terms(prefix: str) -> list[tuple[Any, Any]]:
        return pairs(
            "SELECT substr(term, ?4), COUNT(*) FROM community_terms "
            "WHERE term > ?5 AND term < ?6 AND seq >= ?1 AND seq < ?2 "
            "AND (?3 IS NULL OR community_no = ?3) GROUP BY term",
            *scope,
            len(prefix) + 1,
            prefix,
            prefix[:-1] + ";",  # ';' follows ':': every term with the prefix
        )

    [(total, outcomes)] = pairs(f"SELECT COUNT(*), COUNT(outcome) FROM cases WHERE {span}", *bounds)
    grouped = f"FROM cases WHERE {span} GROUP BY 1"
    return {
        "total": total,
        "outcomes": outcomes,
        "by_tag": terms("tag:"),
        "by_advice": terms("advice:"),
        "by_week": pairs(f"SELECT created_week, COUNT(*) {grouped}", *bounds),
        "by_platform": pairs(f"SELECT platform, COUNT(*) {grouped}", *bounds),
    }


def add_note(
    conn: sqlite3.Connection, case_id: str, note: CaseNote, community_hash: str | None
) -> bool:
    # One statement: the case's seq and the next note number are found as it runs.
    cursor = conn.execute(
        "INSERT INTO case_notes (seq, note_no, week, moderator_hash, text) "
        "SELECT c.seq, (SELECT COALESCE(MAX(note_no), 0) + 1 FROM case_notes n "
        "WHERE n.seq = c.seq), ?1, ?2, ?3 FROM cases c WHERE c.case_id = ?4 "
        "AND (?5 IS NULL OR c.community_hash = ?5)",
        (note.week.isoformat(), note.moderator_hash, note.text, case_id, community_hash),
    )
    return cursor.rowcount > 0


def set_outcome(
    conn: sqlite3.Connection, case_id: str, user_hash: str, outcome: str, week: date
) -> bool:
    cursor = conn.execute(
        "UPDATE cases SET outcome = ?, outcome_week = ? WHERE case_id = ? AND user_hash = ?",
        (outcome, week.isoformat(), case_id, user_hash),
    )
    return cursor.rowcount > 0


def update(conn: sqlite3.Connection, change: CaseUpdate) -> bool:
    """One UPDATE in autocommit; the trigger rewrites the case's terms and words."""
    cursor = conn.execute(
        "UPDATE cases SET ruleset = ?, situation = ?, estimate = ?, advice_ids = ?, tags = ?, "
        "summary = ? WHERE case_id = ? AND user_hash = ?",
        (
            change.ruleset,
            dump_json(change.situation),
            dump_json(change.estimate),
            dump_json(list(change.advice_ids)),
            dump_json(list(change.tags)),
            change.summary,
            change.case_id,
            change.user_hash,
        ),
    )
    return cursor.rowcount > 0


def bind(conn: sqlite3.Connection, key: str, case_id: str, expires: date) -> None:
    conn.execute(
        "INSERT INTO conversations (key, case_id, expires) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET case_id = excluded.case_id, expires = excluded.expires",
        (key, case_id, expires.isoformat()),
    )


def bound(conn: sqlite3.Connection, key: str, today: date) -> str | None:
    row = conn.execute(
        "SELECT case_id FROM conversations WHERE key = ? AND expires >= ?",
        (key, today.isoformat()),
    ).fetchone()
    return None if row is None else str(row[0])


# Conversations whose case is gone (forgotten, purged) or whose time is over.
def published(conn: sqlite3.Connection, target: str) -> str | None:
    found = conn.execute(
        "SELECT digest FROM published_commands WHERE target = ?", (target,)
    ).fetchone()
    return None if found is None else str(found[0])


def mark_published(conn: sqlite3.Connection, target: str, digest: str, at: str) -> None:
    conn.execute(
        "INSERT INTO published_commands (target, digest, published_at) VALUES (?, ?, ?) "
        "ON CONFLICT (target) DO UPDATE SET digest = excluded.digest, "
        "published_at = excluded.published_at",
        (target, digest, at),
    )


_STALE_CONVERSATIONS = (
    "DELETE FROM conversations WHERE expires < ? "
    "OR NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = conversations.case_id)"
)


def forget(conn: sqlite3.Connection, user_hash: str) -> int:
    def work(db: sqlite3.Connection) -> int:
        removed = db.execute("DELETE FROM cases WHERE user_hash = ?", (user_hash,)).rowcount
        db.execute(
            "DELETE FROM conversations WHERE NOT EXISTS "
            "(SELECT 1 FROM cases c WHERE c.case_id = conversations.case_id)"
        )
        # Notes the member wrote as a moderator stay, without their hash.
        db.execute(
            "UPDATE case_notes SET moderator_hash = '' WHERE moderator_hash = ?", (user_hash,)
        )
        return removed

    return transaction(conn, work)


def purge(conn: sqlite3.Connection, older_than: date) -> int:
    def work(db: sqlite3.Connection) -> int:
        removed = db.execute("DELETE FROM cases WHERE seq < ?", (week_key(older_than),)).rowcount
        db.execute("DELETE FROM seen_events WHERE seen_day < ?", (older_than.isoformat(),))
        db.execute(_STALE_CONVERSATIONS, (older_than.isoformat(),))
        return removed

    return transaction(conn, work)


def export_page(conn: sqlite3.Connection, after: int) -> tuple[list[Case], int | None]:
    """Up to 500 cases after seq `after`, oldest first, and the last seq read."""
    rows = conn.execute(
        f"SELECT {READ_COLUMNS} FROM cases WHERE seq > ? ORDER BY seq LIMIT 500", (after,)
    ).fetchall()
    return with_notes(conn, rows), (rows[-1]["seq"] if rows else None)


def outcome_page(
    conn: sqlite3.Connection, after: int, community_hash: str | None
) -> tuple[list[Case], int | None]:
    """Up to 500 cases with a reported outcome after seq `after` (in one community, if
    given), oldest first, and the last seq read."""
    rows = conn.execute(
        f"SELECT {READ_COLUMNS} FROM cases WHERE seq > ?1 AND outcome IS NOT NULL "
        f"AND {_IN_COMMUNITY.format(n=2)} ORDER BY seq LIMIT 500",
        (after, community_hash),
    ).fetchall()
    return with_notes(conn, rows), (rows[-1]["seq"] if rows else None)


def _row(draft: CaseDraft, case_id: str) -> list[Any]:
    """Positional parameters of _INSERT for one draft (week bounds, then CASE_COLUMNS)."""
    low = week_key(draft.created_week)
    return [
        low,
        low + (1 << ARRIVAL_BITS),
        case_id,
        draft.event_key,
        draft.created_week.isoformat(),
        draft.platform,
        draft.channel_kind,
        draft.user_hash,
        draft.channel_hash,
        draft.community_hash,
        draft.ruleset,
        dump_json(draft.situation),
        dump_json(draft.estimate),
        dump_json(list(draft.advice_ids)),
        dump_json(list(draft.tags)),
        draft.summary,
    ]


def _chunks(items: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start : start + _CHUNK])
