"""What every adapter is: one platform connection that feeds the shared dispatcher."""

from __future__ import annotations

import abc
import asyncio
from typing import ClassVar

from commands.dispatcher import Dispatcher


class Adapter(abc.ABC):
    """Owns one platform connection; turns its events into Invocations, renders Replies.

    `start()` returns once the adapter serves; `finished` is set when it has
    nothing more to serve (the console at end of input) or failed for good, and
    then `failure` says why (the bot exits non-zero so that a supervisor
    restarts it); `stop()` delivers the answers under way, then closes.
    `connected` and `reconnects` feed the health check and the metrics.
    """

    name: ClassVar[str]

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self.finished = asyncio.Event()
        self.failure: str | None = None
        self.reconnects = 0

    @property
    def connected(self) -> bool:
        """Whether the platform connection is up (an adapter without one: while serving)."""
        return not self.finished.is_set()

    @abc.abstractmethod
    async def start(self) -> None:
        """Connect and begin serving."""

    @abc.abstractmethod
    async def stop(self) -> None:
        """Stop taking new events, finish the ones under way, close the connection."""
