"""Writing cases in the background of replies: a write never delays a reply for
long and never loses a case.

`CaseWriter.submit` gives the store a short time (0.5 s by default) and returns;
a write that fails or is still running then is kept in memory and retried with
growing pauses. Writes are idempotent by event key, so a retry of a write that did
land in the end changes nothing. `stop()` flushes what is left before shutdown.
Log lines carry counts and error types only, never ids or case text.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import deque
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from storage.interface import CaseDraft, CaseStore, StoreError

log = logging.getLogger("jss.storage.writer")

DAY = 86_400.0


class CaseWriter:
    """Takes drafts from the bot and sees them into the store."""

    def __init__(
        self,
        store: CaseStore,
        *,
        timeout: float = 0.5,
        max_pending: int = 100_000,
        batch_size: int = 200,
        backoff_initial: float = 0.5,
        backoff_max: float = 30.0,
    ) -> None:
        self._store = store
        self._timeout = timeout
        self._max_pending = max_pending
        self._batch_size = batch_size
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._queue: deque[CaseDraft] = deque()
        self._writing: list[CaseDraft] = []  # the batch being retried right now
        self._direct: set[asyncio.Task[str]] = set()
        self._write_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._retry_task: asyncio.Task[None] | None = None
        self._stopping = False
        self.dropped = 0

    @property
    def pending(self) -> int:
        """Cases handed in and not yet known to be stored."""
        return len(self._queue) + len(self._writing) + len(self._direct)

    async def start(self) -> None:
        """Start the background retries (idempotent)."""
        self._stopping = False
        if self._retry_task is None or self._retry_task.done():
            self._retry_task = asyncio.create_task(self._retry_loop(), name="case-writer")

    async def submit(self, draft: CaseDraft) -> None:
        """Store the case if the store answers quickly, else keep it for later. Never raises."""
        try:
            if self._queue or self._writing:
                # The store is failing already: queue behind the others rather than
                # make this reply wait for the same failure.
                self._keep(draft)
                return
            task = asyncio.ensure_future(self._store.record(draft))
            self._direct.add(task)
            task.add_done_callback(lambda done: self._direct_done(draft, done))
            await asyncio.wait({task}, timeout=self._timeout)
        except Exception as error:
            log.warning("case log: write not started (%s); kept for retry", type(error).__name__)
            self._keep(draft)

    def _direct_done(self, draft: CaseDraft, task: asyncio.Task[str]) -> None:
        self._direct.discard(task)
        if task.cancelled() or task.exception() is not None:
            error = "cancelled" if task.cancelled() else type(task.exception()).__name__
            log.warning("case log: write failed (%s); kept for retry", error)
            self._keep(draft)

    def _keep(self, draft: CaseDraft) -> None:
        if self._queue and len(self._queue) + len(self._writing) >= self._max_pending:
            # Memory is finite: past the bound the oldest waiting case gives way.
            self._queue.popleft()
            self.dropped += 1
            log.error("case log: %d cases waiting; dropped the oldest", self._max_pending)
        self._queue.append(draft)
        self._wake.set()
        if not self._stopping and (self._retry_task is None or self._retry_task.done()):
            self._retry_task = asyncio.create_task(self._retry_loop(), name="case-writer")

    async def _write_batch(self, limit: float | None) -> bool:
        """Write the oldest waiting drafts; True when they are stored (or none waited)."""
        async with self._write_lock:
            if not self._queue:
                return True
            count = min(self._batch_size, len(self._queue))
            self._writing = [self._queue.popleft() for _ in range(count)]
            try:
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a
                # cancellation that arrives as the write fails, and stop() would hang.
                async with asyncio.timeout(limit):
                    await self._store.record_many(list(self._writing))
            except BaseException as error:
                # Back to the front of the queue whatever happened, cancellation included.
                self._queue.extendleft(reversed(self._writing))
                if not isinstance(error, StoreError | TimeoutError | OSError):
                    raise
                log.warning(
                    "case log: %d cases waiting (%s)", len(self._queue), type(error).__name__
                )
                return False
            finally:
                self._writing = []
            return True

    async def _retry_loop(self) -> None:
        delay = self._backoff_initial
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._queue:
                if await self._write_batch(limit=max(self._backoff_max, 5.0)):
                    delay = self._backoff_initial
                    continue
                # Full jitter keeps several bot processes from retrying in step.
                await asyncio.sleep(random.uniform(delay / 2, delay))
                delay = min(delay * 2, self._backoff_max)

    async def forget(self, user_hash: str) -> int:
        """Drop the member's cases not yet stored (forget-me); returns how many.

        Writes already under way are let finish first, so that a case landing in
        the store just after is not missed by the store's own forget that follows.
        """
        if self._direct:
            await asyncio.wait(set(self._direct), timeout=self._timeout * 4)
        async with self._write_lock:  # a retry batch is back in the queue or stored
            kept = deque(draft for draft in self._queue if draft.user_hash != user_hash)
            removed = len(self._queue) - len(kept)
            self._queue = kept
        return removed

    # A deadline that ends in a count of what is left, not in an exception.
    async def flush(self, timeout: float) -> int:  # noqa: ASYNC109
        """Try to store everything waiting within `timeout` seconds; returns how many remain."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if self._direct:
            await asyncio.wait(set(self._direct), timeout=timeout)
        while self._queue and (left := deadline - loop.time()) > 0:
            if not await self._write_batch(limit=left):
                await asyncio.sleep(min(0.05, max(deadline - loop.time(), 0)))
        return self.pending

    async def stop(self, timeout: float = 10.0) -> int:  # noqa: ASYNC109
        """Stop retrying and flush; returns how many cases could not be stored."""
        self._stopping = True
        task, self._retry_task = self._retry_task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        remaining = await self.flush(timeout)
        if remaining:
            log.error("case log: %d cases could not be stored before shutdown", remaining)
        return remaining


def _today() -> date:
    return datetime.now(UTC).date()


async def purge_loop(
    store: CaseStore,
    retention_days: int = 365,
    clock: Callable[[], date] = _today,
    *,
    interval: float = DAY,
) -> None:
    """Delete cases older than the retention once now and then every `interval` seconds.

    Runs until cancelled. `retention_days` of 0 or less keeps cases forever.
    """
    if retention_days <= 0:
        return
    while True:
        try:
            removed = await store.purge(clock() - timedelta(days=retention_days))
            if removed:
                log.info("case log: purged %d cases past %d days", removed, retention_days)
        except StoreError as error:
            log.warning("case log: purge failed (%s); next try later", type(error).__name__)
        await asyncio.sleep(interval)
