"""The one place that reads the wall clock.

Everything that needs "now" or "today" (a case's week, an outcome's week, the
day an event was seen, the as-of date of an answer) takes a `Clock`: the
running bot the system clock, tests a `FixedClock` they set. The engine itself
never asks; its callers hand it `as_of`. A test keeps every other module from
reading the time directly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the time; `now()` is timezone-aware UTC."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


SYSTEM_CLOCK = SystemClock()


class FixedClock:
    """A clock that says what it is told: for tests, benchmarks and replays."""

    def __init__(self, at: datetime | date) -> None:
        self._at = _aware(at)

    def now(self) -> datetime:
        return self._at

    def today(self) -> date:
        return self._at.date()

    def set(self, at: datetime | date) -> None:
        """Move the clock to `at`."""
        self._at = _aware(at)

    def advance(self, by: timedelta) -> None:
        """Move the clock forward by `by`."""
        self._at += by


def _aware(at: datetime | date) -> datetime:
    if not isinstance(at, datetime):
        return datetime(at.year, at.month, at.day, 12, tzinfo=UTC)
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
