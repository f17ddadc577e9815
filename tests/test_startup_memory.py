"""What start-up built stays out of later garbage collections; new garbage still goes."""

from __future__ import annotations

import gc
import weakref

from bot.app import keep_out_of_collections


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_start_up_objects_are_frozen_and_later_cycles_still_collected() -> None:
    keep_out_of_collections()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        later = _Node()
        gone = weakref.ref(later)
        del later
        gc.collect()
        assert gone() is None, "garbage made after start-up is still collected"
        assert gc.get_freeze_count() == frozen, "a collection leaves the frozen objects be"
    finally:
        gc.unfreeze()
