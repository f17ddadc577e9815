"""Where the pure CPU work of an answer runs: parsing the situation and the engine.

In a worker thread that work still holds the interpreter lock, and every
socket call of the event loop then waits for it: acknowledgements to other
members queue behind a few milliseconds of arithmetic. A worker process takes
the work off the lock entirely. The running bot uses processes; tests and
one-shot commands use a thread.

A worker process still shares the cores with the event loop. On one core, a
worker woken with a new question would take the core from the loop for the
whole answer (a few milliseconds), and every acknowledgement due meanwhile
would wait. So workers run at the lowest priority: the loop takes the core
back the moment it has something to do, and answers are worked out in the
time it leaves.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

log = logging.getLogger(__name__)


class ComputePool:
    """Runs module-level pure functions in `processes` worker processes (0: a thread)."""

    def __init__(self, processes: int = 0) -> None:
        if processes < 0:
            raise ValueError("the number of engine processes cannot be negative")
        self._processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Start the worker processes, so that the first answer does not wait for them."""
        if self._processes and self._pool is None:
            # forkserver, not fork: forking a process that runs an event loop and
            # threads can copy a held lock into the child.
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(
                self._processes, mp_context=context, initializer=_settle_worker
            )

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`function(*args, **kwargs)` away from the event loop; its exceptions propagate."""
        call = functools.partial(function, *args, **kwargs)
        if self._pool is None:
            return await asyncio.to_thread(call)
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, call)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): answer this one in a thread
            # and start fresh workers for the next.
            log.error("an engine worker process died; starting new ones")
            self.close()
            self.start()
            return await asyncio.to_thread(call)

    def close(self) -> None:
        """Stop the worker processes (work under way finishes first)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


WORKER_NICENESS = 10
"""How far engine workers stand back: the loop wins a shared core about nine times in
ten (CFS weights 1024 and 110), and a worker still gets its share on a busy host."""


def _settle_worker() -> None:
    """Run in each worker as it starts: interrupts left to the bot, the core left to the
    event loop whenever the loop wants it."""
    # Ctrl-C reaches every process of the terminal; the bot shuts its workers down
    # itself, so a worker ignores it rather than die with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    yield_to_the_loop()


def yield_to_the_loop() -> None:
    """Lower this process's priority below the event loop's, by `WORKER_NICENESS`.

    Not to Linux's idle policy: that gives the loop the core at once, but on a host
    with any other busy process the workers then never run, and answers (and their
    charts) wait until their timeouts."""
    os.nice(WORKER_NICENESS)
