"""The per-member token bucket."""

from __future__ import annotations

import pytest

from commands.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refusal_then_refill() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=3, clock=clock)
    assert [limiter.retry_after("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.retry_after("a")
    assert wait == pytest.approx(10.0)
    assert limiter.retry_after("b") == 0.0, "another member has their own bucket"
    clock.now = 10.0
    assert limiter.retry_after("a") == 0.0
    assert limiter.retry_after("a") > 0


def test_memory_is_bounded_by_evicting_the_oldest_member() -> None:
    limiter = RateLimiter(per_minute=1, burst=1, max_keys=2, clock=Clock())
    assert limiter.retry_after("a") == 0.0
    limiter.retry_after("b")
    limiter.retry_after("c")
    assert limiter.retry_after("a") == 0.0, "a was evicted, so it starts with a full bucket"


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="positive rate"):
        RateLimiter(per_minute=0, burst=1)
