"""Recent answers kept in memory, so buttons under an answer can work without the raw text
ever reaching the case log. After a restart they fall back to the logged case.

Only what the member asked is kept, not the answer: the engine gives the same
answer again in a millisecond when a button needs it, and thousands of kept
answers (about 70 objects each) would be hundreds of thousands of objects for
the garbage collector to walk, pausing the bot while it does.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import NamedTuple


# Plain values only, so an entry is a few objects for the collector, not eighty.
class Asked(NamedTuple):
    """A situation as asked: everything needed to answer it again, the same way."""

    text: str
    today: date
    notation: bool = False
    badge: str = ""
    as_of: str = ""


class RecentAnswer(NamedTuple):
    """One answer as given: who asked (hashed) and what they asked (memory only)."""

    user_hash: str
    asked: Asked
    community_hash: str | None = None


class RecentAnswers:
    """A bounded, expiring map from case id to the question answered under it."""

    def __init__(
        self,
        max_entries: int = 5_000,
        ttl_seconds: float = 6 * 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._entries: OrderedDict[str, tuple[float, RecentAnswer]] = OrderedDict()
        self._max_entries = max_entries
        self._ttl = ttl_seconds
        self._clock = clock

    def put(self, case_id: str, entry: RecentAnswer) -> None:
        """Remember an answer; the oldest one goes when the map is full."""
        self._entries[case_id] = (self._clock(), entry)
        self._entries.move_to_end(case_id)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def get(self, case_id: str) -> RecentAnswer | None:
        """The answer under that case id, unless it has expired."""
        item = self._entries.get(case_id)
        if item is None:
            return None
        stored_at, entry = item
        if self._clock() - stored_at > self._ttl:
            del self._entries[case_id]
            return None
        return entry

    def latest(self, user_hash: str) -> str | None:
        """The case id of the member's most recent answer still kept, if any."""
        for case_id in list(reversed(self._entries)):
            entry = self.get(case_id)  # drops it when expired
            if entry is not None and entry.user_hash == user_hash:
                return case_id
        return None

    def forget_user(self, user_hash: str) -> int:
        """Drop every answer of one member (for forget-me); returns how many."""
        doomed = [key for key, (_, entry) in self._entries.items() if entry.user_hash == user_hash]
        for key in doomed:
            del self._entries[key]
        return len(doomed)
