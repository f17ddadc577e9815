"""What every adapter is: one platform connection that feeds the shared dispatcher."""

from __future__ import annotations

import abc
import asyncio
from dataclasses import dataclass
from typing import ClassVar

from commands.dispatcher import Dispatcher

# Shares of SHUTDOWN_TIMEOUT an adapter's stop may spend: waiting for the answers
# under way, then apologising to whoever is still waiting. The bot gives every
# adapter 0.6 of the budget, so both fit, with the close of the connection.
DRAIN_SHARE = 0.3
APOLOGY_SHARE = 0.2


@dataclass(frozen=True)
class Grace:
    """How long a stopping adapter waits for answers, and for each apology, in seconds."""

    answers: float
    apology: float

    @classmethod
    def of(cls, shutdown_timeout: float) -> Grace:
        """The grace that fits in a shutdown of `shutdown_timeout` seconds."""
        return cls(shutdown_timeout * DRAIN_SHARE, shutdown_timeout * APOLOGY_SHARE)


# The grace of the default SHUTDOWN_TIMEOUT (8 s).
DEFAULT_GRACE = Grace.of(8.0)


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
