"""bolt's installation and OAuth state stores, kept in the case database.

`StoredInstallations` is slack_sdk's `AsyncInstallationStore` for a bot-only app
(save, find, delete a workspace's bot), `StoredStates` its `AsyncOAuthStateStore`;
both only translate between slack_sdk's models and the storage layer's rows
(storage/installations.py). They log that a workspace installed or left, never
which one, and never a token.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from advice.clock import SYSTEM_CLOCK, Clock
from storage.installations import InstallationStore, SlackInstallation

log = logging.getLogger(__name__)


class StoredInstallations(AsyncInstallationStore):
    """Each workspace's bot installation, in the case database."""

    def __init__(self, store: InstallationStore) -> None:
        self._store = store

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        """The OAuth flow's new installation: its bot is what the app keeps."""
        if installation.bot_token is None:
            log.warning("a Slack install brought no bot token; nothing kept")
            return
        await self.async_save_bot(installation.to_bot())

    async def async_save_bot(self, bot: Bot) -> None:
        """A workspace's bot, new or with a rotated token."""
        await self._store.save_installation(_row(bot))
        log.info("the Slack app is installed in a workspace")

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The bot of the workspace a request came from (its organisation's, for an
        organisation-wide install)."""
        found = await self._store.find_installation(
            enterprise_id, None if is_enterprise_install else team_id
        )
        return None if found is None else _bot(found)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """The workspace's bot token was revoked: forget the installation."""
        if await self._store.delete_installation(enterprise_id, team_id):
            log.info("a workspace's Slack installation was removed")

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """A member's token revoked (`user_id`) touches nothing: no member's token is kept.
        Without a member, the workspace's installation goes."""
        if user_id is None:
            await self.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """The app was uninstalled from the workspace."""
        await self.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)


class StoredStates(AsyncOAuthStateStore):
    """One-time states of installs under way, good for `expiration_seconds`."""

    def __init__(
        self, store: InstallationStore, *, expiration_seconds: int, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        self._store = store
        self._expiration_seconds = expiration_seconds
        self._clock = clock

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        """A new unguessable state, kept until it expires."""
        state = secrets.token_urlsafe(32)
        now = self._clock.now().timestamp()
        await self._store.issue_state(state, now + self._expiration_seconds, now)
        return state

    async def async_consume(self, state: str) -> bool:
        """True once for a state this app issued that has not expired."""
        return await self._store.consume_state(state, self._clock.now().timestamp())


def _row(bot: Bot) -> SlackInstallation:
    return SlackInstallation(
        enterprise_id=bot.enterprise_id,
        # An organisation-wide install serves every workspace of the organisation.
        team_id=None if bot.is_enterprise_install else bot.team_id,
        is_enterprise_install=bot.is_enterprise_install,
        app_id=bot.app_id,
        bot_id=bot.bot_id,
        bot_user_id=bot.bot_user_id,
        bot_token=bot.bot_token,
        bot_scopes=tuple(bot.bot_scopes),
        installed_at=bot.installed_at,
        bot_refresh_token=bot.bot_refresh_token,
        bot_token_expires_at=bot.bot_token_expires_at,
    )


def _bot(row: SlackInstallation) -> Bot:
    return Bot(
        app_id=row.app_id,
        enterprise_id=row.enterprise_id,
        team_id=row.team_id,
        bot_token=row.bot_token,
        bot_id=row.bot_id,
        bot_user_id=row.bot_user_id,
        bot_scopes=list(row.bot_scopes),
        bot_refresh_token=row.bot_refresh_token,
        bot_token_expires_at=row.bot_token_expires_at,
        is_enterprise_install=row.is_enterprise_install,
        installed_at=row.installed_at,
    )
