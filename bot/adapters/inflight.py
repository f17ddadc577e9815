"""Work under way in an adapter, so that a shutdown can wait for it, briefly."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager


class InFlight:
    """Counts pieces of work under way; `idle()` waits until none is left."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def count(self) -> int:
        """How many pieces of work are under way."""
        return self._count

    @contextmanager
    def working(self) -> Iterator[None]:
        """Around one piece of work."""
        self._count += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._count -= 1
            if self._count == 0:
                self._idle.set()

    async def idle(self, timeout: float) -> bool:  # noqa: ASYNC109  # a deadline, not an error
        """Wait up to `timeout` seconds for every piece to end; True if they all did."""
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True
