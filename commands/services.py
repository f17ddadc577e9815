"""What command handlers may use besides their options: the case log and the clock."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from advice.clock import SYSTEM_CLOCK, Clock
from commands.charts.render import ChartDrawer
from commands.compute import ComputePool
from commands.models import Invocation
from commands.recent import RecentAnswers
from storage.anonymize import IdHasher
from storage.interface import CaseDraft, CaseStore, CaseUpdate


class CaseRecorder(Protocol):
    """Accepts a case for writing without making the reply wait on the disk."""

    async def submit(self, draft: CaseDraft) -> None: ...

    async def submit_update(self, update: CaseUpdate) -> None:
        """Rewrite a case the member continued, without making the reply wait."""
        ...

    async def forget(self, user_hash: str) -> int:
        """Drop the member's cases not yet written (forget-me); returns how many."""
        ...


log = logging.getLogger(__name__)

SEEN_IN_MEMORY = 50_000
CONVERSATION_DAYS = 7
"""A conversation lapses this many days after its last message."""
STORE_WAIT = 2.0
"""Longest a reply waits on the case log for a conversation; then it answers without it."""


@dataclass
class Services:
    """Shared by every handler. Without a store the bot still answers, logging nothing."""

    store: CaseStore | None = None
    recorder: CaseRecorder | None = None
    hasher: IdHasher | None = None
    clock: Clock = SYSTEM_CLOCK
    recent: RecentAnswers = field(default_factory=RecentAnswers)
    compute: ComputePool = field(default_factory=ComputePool)
    charts: ChartDrawer = field(default_factory=ChartDrawer)

    _seen_here: OrderedDict[str, None] = field(default_factory=OrderedDict, repr=False)

    async def first_time(
        self,
        platform: str,
        event_id: str,
        *,
        within: float = STORE_WAIT,
        outlives_restarts: bool = True,
    ) -> bool:
        """True the first time a platform event is seen: across retries, workers, restarts.

        The shared store decides, within `within` seconds; if it is down or slow, this
        process still remembers what it answered, so a retry during an outage is not
        answered twice. An event that cannot come back after a restart (a Discord
        interaction lives 3 seconds) asks the store only when other processes share it:
        otherwise this process's memory decides, and nothing waits on the store.
        """
        key = self._event_key(platform, event_id)
        if not self.first_time_here(platform, event_id):
            return False
        if self.store is None or not (outlives_restarts or self.store.shared):
            return True
        try:
            async with asyncio.timeout(within):
                return not await self.store.seen(key)
        except Exception as error:
            log.warning(
                "the case log could not check an event (%s); answering it", type(error).__name__
            )
            return True

    def first_time_here(self, platform: str, event_id: str) -> bool:
        """True the first time this process sees a platform event; never waits."""
        key = self._event_key(platform, event_id)
        if key in self._seen_here:
            return False
        self._seen_here[key] = None
        if len(self._seen_here) > SEEN_IN_MEMORY:
            self._seen_here.popitem(last=False)
        return True

    def _event_key(self, platform: str, event_id: str) -> str:
        return (
            self.hasher.event_key(platform, event_id) if self.hasher else f"{platform}:{event_id}"
        )

    def today(self) -> date:
        """Today's date by the bot's clock (UTC)."""
        return self.clock.today()

    def user_hash(self, invocation: Invocation) -> str | None:
        """The member's keyed hash, as the case log knows them; None without a hasher."""
        return self.hasher.hash("user", invocation.user_id) if self.hasher else None

    def conversation_key(self, invocation: Invocation) -> str | None:
        """The keyed hash of the member's conversation where they are, if they are in one."""
        if self.hasher is None or not invocation.conversation:
            return None
        where = f"{invocation.platform}:{invocation.conversation}:{invocation.user_id}"
        return self.hasher.hash("conversation", where)

    async def bind_conversation(self, invocation: Invocation, case_id: str) -> None:
        """What the member says next where they are continues `case_id`, for a week."""
        key = self.conversation_key(invocation)
        if key is None or self.store is None:
            return
        expires = self.today() + timedelta(days=CONVERSATION_DAYS)
        try:
            async with asyncio.timeout(STORE_WAIT):
                await self.store.bind(key, case_id, expires)
        except Exception as error:
            log.warning("could not keep a conversation (%s)", type(error).__name__)

    async def bound_case(self, invocation: Invocation) -> str | None:
        """The case the member's conversation where they are continues, if any."""
        key = self.conversation_key(invocation)
        if key is None or self.store is None:
            return None
        try:
            async with asyncio.timeout(STORE_WAIT):
                return await self.store.bound(key, self.today())
        except Exception as error:
            log.warning("could not read a conversation (%s)", type(error).__name__)
            return None

    def community_hash(self, invocation: Invocation) -> str | None:
        """The community's keyed hash (a Discord server, a Slack workspace), as its cases
        carry it; None outside a community or without a hasher."""
        if self.hasher is None or invocation.community_id is None:
            return None
        return self.hasher.hash("community", invocation.community_id)


@dataclass(frozen=True)
class CommandContext:
    """One handler call: the invocation, its checked options and the services."""

    invocation: Invocation
    options: dict[str, str]
    services: Services

    def option(self, name: str) -> str:
        """A checked option value, or '' when it was optional and not given."""
        return self.options.get(name, "")
