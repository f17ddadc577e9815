"""What start-up built stays out of later garbage collections; new garbage still goes."""

from __future__ import annotations

import gc
import weakref

from bot.app import keep_out_of_collections


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_start_up_objects_are_frozen_and_later_cycles_still_collected() -> None:
    earlier = _Node()
    kept = weakref.ref(earlier)
    keep_out_of_collections()
    try:
        assert gc.get_freeze_count() > 0
        # Frozen objects can still go by reference counting (so their count may fall);
        # what freezing promises is that collections no longer look at them.
        del earlier
        gc.collect()
        assert kept() is not None, "a collection leaves what start-up built be"
        later = _Node()
        gone = weakref.ref(later)
        del later
        gc.collect()
        assert gone() is None, "garbage made after start-up is still collected"
    finally:
        gc.unfreeze()
        gc.collect()
