"""Per-member rate limit: a token bucket per member, in memory or shared through the store.

One process (the console, an SQLite case log) counts in memory. Several
processes sharing a PostgreSQL case log (Discord shards, Slack HTTP workers
behind a load balancer) count in the store, so a member sending commands to
each in turn gets the rate once, not once per process.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from advice.clock import SYSTEM_CLOCK, Clock
from storage.interface import StoreError, TokenBuckets

log = logging.getLogger(__name__)

SHARED_PAUSE = timedelta(seconds=30)
"""After the shared limit failed to answer, how long each process counts alone before it
asks the store again: an outage then costs members no waiting on every command."""


class RateLimit(Protocol):
    """What the dispatcher asks before running a rate-limited command."""

    async def check(self, key: str) -> float:
        """Count one command of member `key` (a keyed hash, never a raw platform id);
        0.0 when allowed, else seconds until the member may ask again."""
        ...


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Allow `burst` commands at once, refilled at `per_minute` a minute, per key.

    Keys beyond `max_keys` evict the least recently seen, so a flood of new
    members cannot grow memory without bound.
    """

    def __init__(
        self,
        per_minute: float,
        burst: int,
        *,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError("the rate limit needs a positive rate and a burst of at least 1")
        self.per_minute = per_minute
        self.burst = burst
        self._rate = per_minute / 60.0
        self._max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    async def check(self, key: str) -> float:
        """See `RateLimit.check`; never waits."""
        return self.retry_after(key)

    def retry_after(self, key: str) -> float:
        """Take one token for `key`; 0.0 when allowed, else seconds until one is free."""
        now = self._clock()
        bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        self._buckets[key] = bucket
        if len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self._rate


class SharedRateLimiter:
    """The same token bucket, kept in the shared store: one atomic statement per check.

    The time is the bot's clock (every process's system clock, in production), not
    the database's, so that tests can set it and every date the bot uses has one
    source. When the store does not answer, each process falls back to counting in
    memory (`fallback`, with the same rate): a member may then get the rate once per
    process for a while, which is safer than refusing everyone or waiting on a dead
    store at every command. The log says when that starts and ends, with no member data.
    """

    def __init__(
        self, buckets: TokenBuckets, fallback: RateLimiter, *, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        self._buckets = buckets
        self._fallback = fallback
        self._per_second = fallback.per_minute / 60.0
        self._burst = float(fallback.burst)
        self._clock = clock
        self._alone_until: datetime | None = None

    async def check(self, key: str) -> float:
        """See `RateLimit.check`: the shared bucket, or this process's while it is away."""
        now = self._clock.now()
        if self._alone_until is not None and now < self._alone_until:
            return self._fallback.retry_after(key)
        try:
            wait = await self._buckets.take_token(
                key, now.timestamp(), self._per_second, self._burst
            )
        except StoreError as error:
            if self._alone_until is None:
                log.warning(
                    "the shared rate limit did not answer (%s); each process counts "
                    "members' commands on its own until it does",
                    type(error).__name__,
                )
            self._alone_until = now + SHARED_PAUSE
            return self._fallback.retry_after(key)
        if self._alone_until is not None:
            log.info("the shared rate limit answers again")
            self._alone_until = None
        return wait
