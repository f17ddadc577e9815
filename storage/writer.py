"""Writing cases in the background of replies: a write never delays a reply for
long and never loses a case.

`CaseWriter.submit` gives the store a short time (0.5 s by default) and returns;
a write that fails or is still running then is kept in memory and retried with
growing pauses. Writes are group-committed: a case submitted while nothing is
being written goes to the store at once, and cases submitted while a write is in
flight are gathered and written together in one transaction when it ends. A
single answer therefore waits for one write, and under load the store does one
transaction per group instead of one per case. Writes are idempotent by event
key, so a retry of a write that did land in the end changes nothing. `stop()`
flushes what is left before shutdown. Log lines carry counts and error types
only, never ids or case text.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import deque
from datetime import timedelta

from advice.clock import Clock
from storage.interface import CaseDraft, CaseStore, CaseUpdate, StoreError

log = logging.getLogger("jss.storage.writer")

DAY = 86_400.0
UPDATE_TRIES = 5
"""Times the store may say a continued case does not exist before its update is let go."""


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
        self._queue: deque[CaseDraft] = deque()  # failed writes, retried in the background
        self._writing: list[CaseDraft] = []  # the batch being retried right now
        # Fresh cases waiting for the group in flight to end, each with the future
        # its submitter waits on, and the group in flight.
        self._gathered: list[tuple[CaseDraft, asyncio.Future[None]]] = []
        self._in_flight: list[CaseDraft] = []
        self._group_task: asyncio.Task[None] | None = None
        self._write_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._retry_task: asyncio.Task[None] | None = None
        self._stopping = False
        # Counts for the metrics: cases stored, failed attempts retried, cases dropped.
        self.stored = 0
        self.retries = 0
        self.dropped = 0
        self._failing = 0  # retries failed in a row, so that an outage logs a few lines
        # Rewrites of cases continued in their conversation, the latest per case, and how
        # often the store said it has no such case yet (its first write still queued).
        self._updates: dict[str, CaseUpdate] = {}
        self._update_misses: dict[str, int] = {}

    @property
    def pending(self) -> int:
        """Cases handed in and not yet known to be stored."""
        fresh = len(self._gathered) + len(self._in_flight)
        return len(self._queue) + len(self._writing) + fresh + len(self._updates)

    async def start(self) -> None:
        """Start the background retries (idempotent)."""
        self._stopping = False
        if self._retry_task is None or self._retry_task.done():
            self._retry_task = asyncio.create_task(self._retry_loop(), name="case-writer")

    async def submit(self, draft: CaseDraft) -> None:
        """Store the case if the store answers quickly, else keep it for later. Never raises."""
        try:
            if self._queue or self._writing or len(self._gathered) >= self._max_pending:
                # The store is failing (or far behind) already: queue behind the
                # others rather than make this reply wait for the same failure.
                self._keep(draft)
                return
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._gathered.append((draft, done))
            if self._group_task is None or self._group_task.done():
                self._group_task = asyncio.create_task(self._write_groups(), name="case-group")
            await asyncio.wait({done}, timeout=self._timeout)
        except Exception as error:
            log.warning("case log: write not started (%s); kept for retry", type(error).__name__)
            self._keep(draft)

    async def submit_update(self, update: CaseUpdate) -> None:
        """Rewrite a case if the store answers quickly, else keep it for later. Never raises."""
        self._updates[update.case_id] = update
        try:
            async with asyncio.timeout(self._timeout):
                if await self._apply_updates():
                    return
        except Exception as error:
            log.warning("case log: update not stored yet (%s); kept", type(error).__name__)
        self._wake.set()
        if not self._stopping and (self._retry_task is None or self._retry_task.done()):
            self._retry_task = asyncio.create_task(self._retry_loop(), name="case-writer")

    async def _apply_updates(self) -> bool:
        """Write the waiting rewrites; True when none is left.

        The store answers False while the case's first write is still queued; a case
        that stays missing (forgotten or purged since) is let go after a few tries.
        """
        for case_id, update in list(self._updates.items()):
            if await self._store.update(update):
                self._updates.pop(case_id, None)
                self._update_misses.pop(case_id, None)
                continue
            misses = self._update_misses.get(case_id, 0) + 1
            self._update_misses[case_id] = misses
            if misses >= UPDATE_TRIES and not self._queue:
                self._updates.pop(case_id, None)
                self._update_misses.pop(case_id, None)
                log.info("case log: a continued case is gone; its update was let go")
        return not self._updates

    async def _write_groups(self) -> None:
        """Write gathered cases, one transaction per group, until none are left."""
        while self._gathered:
            taken = self._gathered[: self._batch_size]
            del self._gathered[: len(taken)]
            group = [draft for draft, _ in taken]
            self._in_flight = group
            try:
                if self._queue or self._writing:
                    # Failed writes wait for retry; these go behind them, in order.
                    for one in group:
                        self._keep(one)
                elif len(group) == 1:
                    await self._store.record(group[0])  # one statement, no read first
                    self.stored += 1
                else:
                    await self._store.record_many(group)
                    self.stored += len(group)
            except BaseException as error:
                for one in group:
                    self._keep(one)
                if not isinstance(error, Exception):
                    raise  # cancelled: the cases are kept, the task ends
                self.retries += 1
                log.warning(
                    "case log: write of %d failed (%s); kept for retry",
                    len(group),
                    type(error).__name__,
                )
            finally:
                self._in_flight = []
                for _, done in taken:
                    if not done.done():
                        done.set_result(None)

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
                self.retries += 1
                self._failing += 1
                if self._failing & (self._failing - 1) == 0:  # the 1st, 2nd, 4th, 8th, ...
                    log.warning(
                        "case log: %d cases waiting (%s; %d attempts failed in a row)",
                        len(self._queue),
                        type(error).__name__,
                        self._failing,
                    )
                return False
            finally:
                self._writing = []
            self.stored += count
            if self._failing:
                log.info("case log: writing again after %d failed attempts", self._failing)
                self._failing = 0
            return True

    async def _retry_loop(self) -> None:
        delay = self._backoff_initial
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._queue or self._updates:
                if self._queue:
                    done = await self._write_batch(limit=max(self._backoff_max, 5.0))
                else:
                    done = await self._updated(limit=max(self._backoff_max, 5.0))
                if done:
                    delay = self._backoff_initial
                    continue
                # Full jitter keeps several bot processes from retrying in step.
                await asyncio.sleep(random.uniform(delay / 2, delay))
                delay = min(delay * 2, self._backoff_max)

    async def _updated(self, limit: float) -> bool:
        try:
            async with asyncio.timeout(limit):
                return await self._apply_updates()
        except (StoreError, TimeoutError, OSError) as error:
            log.warning(
                "case log: %d updates waiting (%s)", len(self._updates), type(error).__name__
            )
            return False

    async def forget(self, user_hash: str) -> int:
        """Drop the member's cases not yet stored (forget-me); returns how many.

        A group already being written is let finish first, so that a case landing
        in the store just after is not missed by the store's own forget that follows.
        """
        waiting = [(one, done) for one, done in self._gathered if one.user_hash == user_hash]
        for pair in waiting:
            self._gathered.remove(pair)
            pair[1].set_result(None)
        await self._groups_done(self._timeout * 4)
        async with self._write_lock:  # a retry batch is back in the queue or stored
            kept = deque(draft for draft in self._queue if draft.user_hash != user_hash)
            removed = len(self._queue) - len(kept)
            self._queue = kept
        for case_id in [c for c, u in self._updates.items() if u.user_hash == user_hash]:
            del self._updates[case_id]
        return removed + len(waiting)

    async def _groups_done(self, timeout: float) -> None:  # noqa: ASYNC109
        """Wait up to `timeout` seconds for the gathered cases to be written (or kept)."""
        task = self._group_task
        if task is not None and not task.done():
            await asyncio.wait({task}, timeout=timeout)

    # A deadline that ends in a count of what is left, not in an exception.
    async def flush(self, timeout: float) -> int:  # noqa: ASYNC109
        """Try to store everything waiting within `timeout` seconds; returns how many remain."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        await self._groups_done(timeout)
        while (self._queue or self._updates) and (left := deadline - loop.time()) > 0:
            done = await self._write_batch(left) if self._queue else await self._updated(left)
            if not done:
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


async def purge_loop(
    store: CaseStore,
    retention_days: int,
    clock: Clock,
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
            removed = await store.purge(clock.today() - timedelta(days=retention_days))
            if removed:
                log.info("case log: purged %d cases past %d days", removed, retention_days)
        except StoreError as error:
            log.warning("case log: purge failed (%s); next try later", type(error).__name__)
        await asyncio.sleep(interval)
