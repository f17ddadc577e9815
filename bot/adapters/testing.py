"""A queue-backed adapter for tests: the real dispatcher, queues instead of a network."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass

from bot.adapters.base import Adapter
from commands.dispatcher import Dispatcher
from commands.models import ChannelKind, Invocation, Reply


@dataclass(frozen=True)
class _Message:
    text: str
    user_id: str
    moderator: bool
    event_id: str
    community_id: str | None


class QueueAdapter(Adapter):
    """Feed `/jss ...` lines with `send`; each reply comes back in order.

    Messages go through an inbound queue and a worker task, as a platform's
    events would, so tests see the same concurrency as a real adapter.
    """

    name = "test"

    def __init__(self, dispatcher: Dispatcher, *, channel_kind: ChannelKind = ChannelKind.SLASH):
        super().__init__(dispatcher)
        self.inbound: asyncio.Queue[_Message] = asyncio.Queue()
        self.outbound: asyncio.Queue[Reply] = asyncio.Queue()
        self._channel_kind = channel_kind
        self._ids = itertools.count(1)
        self._worker: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._worker = asyncio.create_task(self._serve(), name="test-adapter")

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
        self.finished.set()

    def post(
        self,
        text: str,
        *,
        user: str = "member-1",
        moderator: bool = False,
        event_id: str = "",
        community: str | None = "community-1",
    ) -> None:
        """Queue a message as if a member had typed it (`community` None: a direct message)."""
        event = event_id or f"evt-{next(self._ids)}"
        self.inbound.put_nowait(_Message(text, user, moderator, event, community))

    async def send(
        self,
        text: str,
        *,
        user: str = "member-1",
        moderator: bool = False,
        event_id: str = "",
        community: str | None = "community-1",
    ) -> Reply:
        """Post a message and wait for its reply."""
        self.post(text, user=user, moderator=moderator, event_id=event_id, community=community)
        return await asyncio.wait_for(self.outbound.get(), timeout=10)

    async def _serve(self) -> None:
        while True:
            message = await self.inbound.get()
            template = Invocation(
                platform="test",
                command="",
                options={},
                user_id=message.user_id,
                channel_id="channel-1",
                community_id=message.community_id,
                channel_kind=self._channel_kind,
                event_id=message.event_id,
                is_moderator=message.moderator,
            )
            self.outbound.put_nowait(await self.dispatcher.dispatch_line(message.text, template))
