"""Every call to the case log within a deadline, whatever the database does.

A store that refuses is quick to say so; a store that hangs (a frozen
PostgreSQL, a network that drops packets, an SQLite file locked by another
program) is not, and a member would wait forever. `BoundedStore` wraps either
store and turns a call that overruns its deadline into `StoreTimeoutError`, a
`StoreError`: the dispatcher answers the member with a clear message, and the
case writer keeps a timed-out write and retries it (writes are idempotent by
event key, so one that landed after all is not stored twice).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from datetime import date
from typing import Any, TypeVar

from storage.installations import SlackInstallation
from storage.interface import (
    Case,
    CaseDatabase,
    CaseDraft,
    CaseNote,
    CasePage,
    CaseQuery,
    CaseStats,
    CaseUpdate,
    StoreError,
    TokenBuckets,
)

T = TypeVar("T")

# A batch of cases is a bigger transaction than a member's look-up; it gets longer.
WRITE_FACTOR = 5.0
# Connecting and migrating at start may take a while on a cold server, but not forever.
START_TIMEOUT = 30.0


def _forget(task: asyncio.Future[Any]) -> None:
    """An abandoned call's outcome: nobody waits for it any more."""
    if not task.cancelled():
        task.exception()


class StoreTimeoutError(StoreError):
    """The case log did not answer within its deadline."""


async def bounded(doing: str, call: Coroutine[Any, Any, T], seconds: float) -> T:
    """`call`'s result, or StoreTimeoutError after `seconds`.

    The call runs as a task of its own that is cancelled, but not waited for,
    at the deadline: a driver that hangs while it handles the cancellation (a
    PostgreSQL connection whose network froze) cannot hold the member up.
    """
    task = asyncio.ensure_future(call)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
    except asyncio.CancelledError:
        task.cancel()
        raise
    if task in done:
        return task.result()
    task.cancel()
    task.add_done_callback(_forget)
    raise StoreTimeoutError(f"could not {doing} within {seconds:g} s")


class BoundedStore:
    """A `CaseDatabase` whose every call ends within `timeout` seconds (writes: longer)."""

    def __init__(self, store: CaseDatabase, *, timeout: float) -> None:
        if timeout <= 0:
            raise ValueError("the case log timeout must be positive")
        self.inner = store
        self.shared = store.shared
        self.timeout = timeout

    async def _bounded(
        self, doing: str, call: Coroutine[Any, Any, T], limit: float | None = None
    ) -> T:
        return await bounded(doing, call, self.timeout if limit is None else limit)

    async def start(self) -> None:
        await self._bounded("open the case log", self.inner.start(), START_TIMEOUT)

    async def close(self) -> None:
        await self._bounded("close the case log", self.inner.close())

    async def record(self, draft: CaseDraft) -> str:
        return await self._bounded("write a case", self.inner.record(draft))

    async def record_many(self, drafts: list[CaseDraft]) -> list[str]:
        limit = self.timeout * WRITE_FACTOR
        return await self._bounded("write cases", self.inner.record_many(drafts), limit)

    async def get(self, case_id: str, *, community_hash: str | None = None) -> Case | None:
        return await self._bounded(
            "read a case", self.inner.get(case_id, community_hash=community_hash)
        )

    async def search(self, query: CaseQuery) -> CasePage:
        return await self._bounded("search the cases", self.inner.search(query))

    async def stats(
        self, since: date | None, until: date | None, *, community_hash: str | None = None
    ) -> CaseStats:
        return await self._bounded(
            "count the cases", self.inner.stats(since, until, community_hash=community_hash)
        )

    async def add_note(
        self, case_id: str, note: CaseNote, *, community_hash: str | None = None
    ) -> bool:
        return await self._bounded(
            "add a note", self.inner.add_note(case_id, note, community_hash=community_hash)
        )

    async def set_outcome(self, case_id: str, user_hash: str, outcome: str, week: date) -> bool:
        return await self._bounded(
            "record an outcome", self.inner.set_outcome(case_id, user_hash, outcome, week)
        )

    async def forget(self, user_hash: str) -> int:
        return await self._bounded("delete cases", self.inner.forget(user_hash))

    async def purge(self, older_than: date) -> int:
        limit = self.timeout * WRITE_FACTOR
        return await self._bounded("purge old cases", self.inner.purge(older_than), limit)

    async def export(self) -> AsyncIterator[Case]:
        cases = aiter(self.inner.export())
        while True:
            try:
                case = await self._bounded("export cases", _next(cases))
            except StopAsyncIteration:
                return
            yield case

    async def outcomes(self, *, community_hash: str | None = None) -> AsyncIterator[Case]:
        cases = aiter(self.inner.outcomes(community_hash=community_hash))
        while True:
            try:
                case = await self._bounded("read reported outcomes", _next(cases))
            except StopAsyncIteration:
                return
            yield case

    async def update(self, update: CaseUpdate) -> bool:
        return await self._bounded("rewrite a case", self.inner.update(update))

    async def bind(self, key: str, case_id: str, expires: date) -> None:
        await self._bounded("keep a conversation", self.inner.bind(key, case_id, expires))

    async def bound(self, key: str, today: date) -> str | None:
        return await self._bounded("read a conversation", self.inner.bound(key, today))

    async def seen(self, key: str) -> bool:
        return await self._bounded("check an event", self.inner.seen(key))

    async def published(self, target: str) -> str | None:
        return await self._bounded("read published commands", self.inner.published(target))

    async def mark_published(self, target: str, digest: str) -> None:
        await self._bounded(
            "remember published commands", self.inner.mark_published(target, digest)
        )

    async def save_installation(self, installation: SlackInstallation) -> None:
        await self._bounded("keep a Slack installation", self.inner.save_installation(installation))

    async def find_installation(
        self, enterprise_id: str | None, team_id: str | None
    ) -> SlackInstallation | None:
        return await self._bounded(
            "read a Slack installation", self.inner.find_installation(enterprise_id, team_id)
        )

    async def delete_installation(self, enterprise_id: str | None, team_id: str | None) -> bool:
        return await self._bounded(
            "delete a Slack installation", self.inner.delete_installation(enterprise_id, team_id)
        )

    async def count_installations(self) -> int:
        return await self._bounded(
            "count the Slack installations", self.inner.count_installations()
        )

    async def issue_state(self, state: str, expires_at: float, now: float) -> None:
        await self._bounded("keep an install state", self.inner.issue_state(state, expires_at, now))

    async def consume_state(self, state: str, now: float) -> bool:
        return await self._bounded("check an install state", self.inner.consume_state(state, now))


class BoundedBuckets:
    """`TokenBuckets` whose every call ends within `timeout` seconds."""

    def __init__(self, buckets: TokenBuckets, *, timeout: float) -> None:
        if timeout <= 0:
            raise ValueError("the rate limit timeout must be positive")
        self.inner = buckets
        self.timeout = timeout

    async def take_token(self, key: str, at: float, per_second: float, burst: float) -> float:
        return await bounded(
            "check the rate limit",
            self.inner.take_token(key, at, per_second, burst),
            self.timeout,
        )


async def _next(cases: AsyncIterator[Case]) -> Case:
    return await anext(cases)
