"""The Slack app's installations, kept in the case database beside (never inside) the cases.

In many-workspace mode each workspace that adds the app gets a bot token of its own;
answering there needs that token and the workspace's id as Slack issued them. So unlike
the case tables, which hold keyed hashes only, these rows hold raw ids and a secret:
they live in tables of their own (migration 0006), no case refers to them, and they
are deleted when the workspace uninstalls the app or revokes its token. Only the bot's
installation is kept: the app asks for no user scopes, so no member's token is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

# The columns of `slack_installations`, in the order `installation_values` gives them.
INSTALLATION_COLUMNS = (
    "enterprise_id",
    "team_id",
    "is_enterprise_install",
    "app_id",
    "bot_id",
    "bot_user_id",
    "bot_token",
    "bot_scopes",
    "bot_refresh_token",
    "bot_token_expires_at",
    "installed_at",
)


@dataclass(frozen=True)
class SlackInstallation:
    """One workspace's (or, for an organisation-wide install, one organisation's) bot.

    Times are Unix seconds, as Slack gives them. The tokens never show in a repr."""

    enterprise_id: str | None
    team_id: str | None
    is_enterprise_install: bool
    app_id: str | None
    bot_id: str
    bot_user_id: str
    bot_token: str = field(repr=False)
    bot_scopes: tuple[str, ...]
    installed_at: float
    bot_refresh_token: str | None = field(default=None, repr=False)
    bot_token_expires_at: int | None = None


def installation_sql(mark: Callable[[int], str]) -> tuple[str, str]:
    """The upsert and the look-up of an installation, with `mark(n)` the dialect's n-th
    parameter ('?' for SQLite, '$n' for PostgreSQL)."""
    columns = ", ".join(INSTALLATION_COLUMNS)
    marks = ", ".join(mark(n) for n in range(1, len(INSTALLATION_COLUMNS) + 1))
    save = (
        f"INSERT INTO slack_installations ({columns}) VALUES ({marks}) "
        "ON CONFLICT (enterprise_id, team_id) DO UPDATE SET "
        + ", ".join(f"{column} = excluded.{column}" for column in INSTALLATION_COLUMNS[2:])
    )
    find = (
        f"SELECT {columns} FROM slack_installations "
        f"WHERE enterprise_id = {mark(1)} AND team_id = {mark(2)}"
    )
    return save, find


def installation_key(enterprise_id: str | None, team_id: str | None) -> tuple[str, str]:
    """The table's key for a workspace: '' where Slack gives no id (NULLs never match)."""
    return enterprise_id or "", team_id or ""


def installation_values(installation: SlackInstallation) -> list[Any]:
    """The row of an installation, in INSTALLATION_COLUMNS order."""
    return [
        *installation_key(installation.enterprise_id, installation.team_id),
        installation.is_enterprise_install,
        installation.app_id,
        installation.bot_id,
        installation.bot_user_id,
        installation.bot_token,
        ",".join(installation.bot_scopes),
        installation.bot_refresh_token,
        installation.bot_token_expires_at,
        installation.installed_at,
    ]


def installation_from_row(row: Any) -> SlackInstallation:
    """An installation from a row read with INSTALLATION_COLUMNS (SQLite or PostgreSQL)."""
    scopes = str(row["bot_scopes"])
    return SlackInstallation(
        enterprise_id=row["enterprise_id"] or None,
        team_id=row["team_id"] or None,
        is_enterprise_install=bool(row["is_enterprise_install"]),
        app_id=row["app_id"],
        bot_id=row["bot_id"],
        bot_user_id=row["bot_user_id"],
        bot_token=row["bot_token"],
        bot_scopes=tuple(scopes.split(",")) if scopes else (),
        installed_at=float(row["installed_at"]),
        bot_refresh_token=row["bot_refresh_token"],
        bot_token_expires_at=row["bot_token_expires_at"],
    )


class InstallationStore(Protocol):
    """The Slack installations and install states; both stores implement it."""

    async def save_installation(self, installation: SlackInstallation) -> None:
        """Keep a workspace's installation, replacing the one it had."""

    async def find_installation(
        self, enterprise_id: str | None, team_id: str | None
    ) -> SlackInstallation | None:
        """The installation of that workspace (organisation: `team_id` None), or None."""

    async def delete_installation(self, enterprise_id: str | None, team_id: str | None) -> bool:
        """Forget that workspace's installation; False when there was none."""

    async def count_installations(self) -> int:
        """How many workspaces have the app installed."""

    async def issue_state(self, state: str, expires_at: float, now: float) -> None:
        """Keep a new install's state until `expires_at`; states expired by `now` go."""

    async def consume_state(self, state: str, now: float) -> bool:
        """True once for a state issued and not expired by `now`; it is used up."""
