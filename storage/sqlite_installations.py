"""The Slack installations on SQLite: the store's methods for them, and their operations.

`SqliteCaseStore` takes these methods in; each runs one operation on the store's
connection thread like every other call (storage/sqlite.py), and touches none of the
case tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from storage.installations import (
    SlackInstallation,
    installation_from_row,
    installation_key,
    installation_sql,
    installation_values,
)

T = TypeVar("T")

_SAVE, _FIND = installation_sql(lambda n: "?")


class _Calls(Protocol):
    """What these methods need of the store: its one-call-on-the-thread runner."""

    async def _call(self, doing: str, operation: Callable[..., T], *args: Any) -> T: ...


class SqliteInstallations:
    """The `InstallationStore` methods of `SqliteCaseStore`."""

    async def save_installation(self: _Calls, installation: SlackInstallation) -> None:
        await self._call("keep a Slack installation", _save, installation)

    async def find_installation(
        self: _Calls, enterprise_id: str | None, team_id: str | None
    ) -> SlackInstallation | None:
        key = installation_key(enterprise_id, team_id)
        return await self._call("read a Slack installation", _find, key)

    async def delete_installation(
        self: _Calls, enterprise_id: str | None, team_id: str | None
    ) -> bool:
        key = installation_key(enterprise_id, team_id)
        return await self._call("delete a Slack installation", _delete, key)

    async def count_installations(self: _Calls) -> int:
        return await self._call("count the Slack installations", _count)

    async def issue_state(self: _Calls, state: str, expires_at: float, now: float) -> None:
        await self._call("keep an install state", _issue_state, state, expires_at, now)

    async def consume_state(self: _Calls, state: str, now: float) -> bool:
        return await self._call("check an install state", _consume_state, state, now)


def _save(conn: sqlite3.Connection, installation: SlackInstallation) -> None:
    conn.execute(_SAVE, installation_values(installation))


def _find(conn: sqlite3.Connection, key: tuple[str, str]) -> SlackInstallation | None:
    row = conn.execute(_FIND, key).fetchone()
    return None if row is None else installation_from_row(row)


def _delete(conn: sqlite3.Connection, key: tuple[str, str]) -> bool:
    cursor = conn.execute(
        "DELETE FROM slack_installations WHERE enterprise_id = ? AND team_id = ?", key
    )
    return cursor.rowcount > 0


def _count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM slack_installations").fetchone()[0])


def _issue_state(conn: sqlite3.Connection, state: str, expires_at: float, now: float) -> None:
    # Installs abandoned half-way leave their states; each new one clears the expired.
    conn.execute("DELETE FROM slack_oauth_states WHERE expires_at < ?", (now,))
    conn.execute(
        "INSERT INTO slack_oauth_states (state, expires_at) VALUES (?, ?)", (state, expires_at)
    )


def _consume_state(conn: sqlite3.Connection, state: str, now: float) -> bool:
    rows = conn.execute(
        "DELETE FROM slack_oauth_states WHERE state = ? RETURNING expires_at", (state,)
    ).fetchall()
    return bool(rows) and float(rows[0][0]) >= now
