"""The Slack installations on PostgreSQL: the store's methods for them.

`PostgresCaseStore` takes these methods in; each is one statement on a pooled
connection, and none touches the case tables. Several workers may save the same
workspace at once (a member pressing Allow twice): the upsert keeps one row.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information

from storage.installations import (
    SlackInstallation,
    installation_from_row,
    installation_key,
    installation_sql,
    installation_values,
)

_SAVE, _FIND = installation_sql(lambda n: f"${n}")


class _Pooled(Protocol):
    """What these methods need of the store: a connection from its pool."""

    def _conn(self) -> AbstractAsyncContextManager[asyncpg.Connection]: ...


class PostgresInstallations:
    """The `InstallationStore` methods of `PostgresCaseStore`."""

    async def save_installation(self: _Pooled, installation: SlackInstallation) -> None:
        async with self._conn() as conn:
            await conn.execute(_SAVE, *installation_values(installation))

    async def find_installation(
        self: _Pooled, enterprise_id: str | None, team_id: str | None
    ) -> SlackInstallation | None:
        async with self._conn() as conn:
            row = await conn.fetchrow(_FIND, *installation_key(enterprise_id, team_id))
        return None if row is None else installation_from_row(row)

    async def delete_installation(
        self: _Pooled, enterprise_id: str | None, team_id: str | None
    ) -> bool:
        async with self._conn() as conn:
            status = await conn.execute(
                "DELETE FROM slack_installations WHERE enterprise_id = $1 AND team_id = $2",
                *installation_key(enterprise_id, team_id),
            )
        return str(status) != "DELETE 0"

    async def count_installations(self: _Pooled) -> int:
        async with self._conn() as conn:
            return int(await conn.fetchval("SELECT COUNT(*) FROM slack_installations"))

    async def issue_state(self: _Pooled, state: str, expires_at: float, now: float) -> None:
        async with self._conn() as conn, conn.transaction():
            # Installs abandoned half-way leave their states; each new one clears the expired.
            await conn.execute("DELETE FROM slack_oauth_states WHERE expires_at < $1", now)
            await conn.execute(
                "INSERT INTO slack_oauth_states (state, expires_at) VALUES ($1, $2)",
                state,
                expires_at,
            )

    async def consume_state(self: _Pooled, state: str, now: float) -> bool:
        async with self._conn() as conn:
            expires_at = await conn.fetchval(
                "DELETE FROM slack_oauth_states WHERE state = $1 RETURNING expires_at", state
            )
        return expires_at is not None and float(expires_at) >= now
