"""The recent-answers cache: bounded, expiring, forgettable, and light for the collector."""

from __future__ import annotations

import gc
from datetime import date

from commands.recent import Asked, RecentAnswer, RecentAnswers


def entry(user: str, text: str = "$0 contract, the client threatens a bad review") -> RecentAnswer:
    return RecentAnswer(user, Asked(text, date(2026, 11, 21), notation=False, badge="", as_of=""))


def test_oldest_goes_first_when_full_and_expired_entries_are_gone() -> None:
    now = [0.0]
    cache = RecentAnswers(max_entries=2, ttl_seconds=10, clock=lambda: now[0])
    cache.put("C-1", entry("a"))
    cache.put("C-2", entry("b"))
    cache.put("C-3", entry("c"))
    assert cache.get("C-1") is None
    assert cache.get("C-2") == entry("b")
    now[0] = 11.0
    assert cache.get("C-3") is None


def test_forget_user_drops_only_that_members_answers() -> None:
    cache = RecentAnswers()
    cache.put("C-1", entry("a"))
    cache.put("C-2", entry("b"))
    cache.put("C-3", entry("a"))
    assert cache.forget_user("a") == 2
    assert cache.get("C-1") is None and cache.get("C-3") is None
    assert cache.get("C-2") == entry("b")


def test_a_kept_question_is_a_few_objects_for_the_garbage_collector() -> None:
    # Full collections walk every tracked object: a full cache must stay small for
    # them (an engine answer is about 80 objects; a kept question is a handful).
    cache = RecentAnswers(max_entries=2_000)
    gc.collect()
    before = len(gc.get_objects())
    for n in range(1_000):
        cache.put(f"C-{n}", entry(f"member-{n}", f"situation {n}"))
    gc.collect()
    per_entry = (len(gc.get_objects()) - before) / 1_000
    assert per_entry <= 4, per_entry
