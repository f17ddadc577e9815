"""Who is a moderator on Slack: listed user ids, and optionally a user group's members.

The group's members are fetched with `usergroups.users.list` and cached, so a
busy channel costs one Web API call every few minutes, not one per command.
When Slack cannot be asked, the last known list stands (or only the listed ids).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, Protocol

log = logging.getLogger(__name__)

GROUP_CACHE_SECONDS = 300.0
RETRY_SECONDS = 30.0


class UsergroupClient(Protocol):
    """The one Web API method this module needs (slack_sdk's AsyncWebClient has it)."""

    async def usergroups_users_list(self, *, usergroup: str, **kwargs: Any) -> Any: ...


class Moderators:
    """`is_moderator(user_id)`: listed, or a member of the moderators' user group."""

    def __init__(
        self,
        user_ids: Iterable[str],
        usergroup_id: str | None,
        client: UsergroupClient,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._user_ids = frozenset(user_ids)
        self._usergroup_id = usergroup_id
        self._client = client
        self._clock = clock
        self._members: frozenset[str] = frozenset()
        self._fresh_until = float("-inf")
        self._lock = asyncio.Lock()

    async def is_moderator(self, user_id: str) -> bool:
        if user_id in self._user_ids:
            return True
        if self._usergroup_id is None:
            return False
        return user_id in await self._group_members()

    async def _group_members(self) -> frozenset[str]:
        group = self._usergroup_id
        if group is None or self._clock() < self._fresh_until:
            return self._members
        async with self._lock:  # one refresh at a time; the others reuse its result
            if self._clock() < self._fresh_until:
                return self._members
            try:
                response = await self._client.usergroups_users_list(usergroup=group)
                self._members = frozenset(str(user) for user in response.get("users", []))
                self._fresh_until = self._clock() + GROUP_CACHE_SECONDS
            except Exception:
                # Keep the last known members; ask again soon rather than on every command.
                log.warning("could not list the moderators' user group", exc_info=True)
                self._fresh_until = self._clock() + RETRY_SECONDS
        return self._members
