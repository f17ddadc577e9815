"""Where the pure CPU work of an answer runs: parsing the situation and the engine.

In a worker thread that work still holds the interpreter lock, and every
socket call of the event loop then waits for it: acknowledgements to other
members queue behind a few milliseconds of arithmetic. A worker process takes
the work off the lock entirely. The running bot uses processes; tests and
one-shot commands use a thread.

The event loop talks to each worker over a pair of pipes, itself: a job is
written when the worker is free, and the result is read when the pipe says it
is there. No helper thread stands between them (a `ProcessPoolExecutor` has
two, and each hand-off between them and the loop costs the loop the
interpreter lock), and the loop never blocks on a worker that is half-way
through writing.

A worker process still shares the cores with the event loop. On one core, a
worker woken with a new question would take the core from the loop for the
whole answer (a few milliseconds), and every acknowledgement due meanwhile
would wait. So workers run at a lower priority (`Priority`): the loop takes the
core back when it has something to do, and answers are worked out in the time
it leaves.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import os
import pickle
import signal
import struct
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

log = logging.getLogger(__name__)

HEADER = struct.Struct("!Q")
"""Each message on a worker's pipes: its length, then the pickled job or result."""
READ_CHUNK = 1 << 16
CLOSE_TIMEOUT = 10.0
"""Longest `close` waits for a worker to finish its job and exit before ending it."""


class WorkerDied(Exception):
    """The worker process working on a job exited (killed, out of memory)."""


@dataclass
class _Job:
    payload: bytes
    done: asyncio.Future[Any]


@dataclass
class _Worker:
    """One worker process and the loop's ends of its two pipes."""

    process: BaseProcess
    jobs: Connection
    results: Connection
    job: _Job | None = None
    received: bytearray = field(default_factory=bytearray)


class Priority(StrEnum):
    """How far engine workers stand back from the event loop on a shared core."""

    LOW = "low"
    """`WORKER_NICENESS` nice levels below the loop. A waking loop usually takes the core
    back at once, but not always: on one core at 100 commands a second, its slowest
    acknowledgements wait about twice as long as a bot without workers. On a host busy
    with other work, workers still get a tenth of what each busy process gets."""
    IDLE = "idle"
    """Linux's idle policy: a worker runs only while nothing else wants the core, and
    the loop always takes it back at once. For a host or container that is the bot's
    own: next to other busy processes the workers get almost no time, and answers wait
    until their timeouts."""


class ComputePool:
    """Runs module-level pure functions in `processes` worker processes (0: a thread),
    which run at `priority` below the event loop's."""

    def __init__(self, processes: int = 0, priority: Priority = Priority.LOW) -> None:
        if processes < 0:
            raise ValueError("the number of engine processes cannot be negative")
        self._processes = processes
        self._priority = priority
        self._workers: list[_Worker] = []
        self._waiting: deque[_Job] = deque()  # answers (`run`), oldest first
        self._extras: deque[_Job] = deque()  # charts and such: only when no answer waits
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing = False

    def start(self) -> None:
        """Start the worker processes, so that the first answer does not wait for them.
        Called from the event loop, which then reads their results."""
        if self._processes and not self._workers:
            self._loop = asyncio.get_running_loop()
            self._closing = False
            for _ in range(self._processes):
                self._start_worker()

    def _start_worker(self) -> None:
        # forkserver, not fork: forking a process that runs an event loop and
        # threads can copy a held lock into the child.
        context = multiprocessing.get_context("forkserver")
        jobs_in, jobs_out = context.Pipe(duplex=False)
        results_in, results_out = context.Pipe(duplex=False)
        process = context.Process(
            target=_serve, args=(jobs_in, results_out, self._priority), daemon=True
        )
        process.start()
        # The worker's ends stay open only in the worker: its exit is then the pipe's end.
        jobs_in.close()
        results_out.close()
        os.set_blocking(results_in.fileno(), False)
        worker = _Worker(process, jobs_out, results_in)
        assert self._loop is not None
        self._loop.add_reader(results_in.fileno(), self._receive, worker)
        self._workers.append(worker)

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`function(*args, **kwargs)` away from the event loop; its exceptions propagate."""
        return await self._run(self._waiting, functools.partial(function, *args, **kwargs))

    async def run_extra(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """As `run`, for work an answer can do without (a chart): a worker takes it only
        when no `run` job is waiting, so that answers never queue behind it."""
        return await self._run(self._extras, functools.partial(function, *args, **kwargs))

    async def _run(self, queue: deque[_Job], call: Callable[[], T]) -> T:
        if not self._workers:
            return await asyncio.to_thread(call)
        job = _Job(pickle.dumps(call), asyncio.get_running_loop().create_future())
        queue.append(job)
        self._hand_out()
        try:
            return await job.done  # type: ignore[no-any-return]
        except WorkerDied:
            # Answer this one in a thread; a new worker takes the next.
            return await asyncio.to_thread(call)

    def _hand_out(self) -> None:
        """Give waiting jobs to free workers, oldest first."""
        for worker in [w for w in self._workers if w.job is None]:
            job = self._next_job()
            if job is None:
                return
            worker.job = job
            try:
                # The worker is waiting on the pipe: even a job larger than the pipe
                # holds is read as it is written.
                _write(worker.jobs, job.payload)
            except OSError:
                self._lost(worker)
                return

    def _next_job(self) -> _Job | None:
        """The oldest waiting job whose caller still wants it, answers before extras."""
        for queue in (self._waiting, self._extras):
            while queue:
                job = queue.popleft()
                if not job.done.cancelled():
                    return job
        return None

    def _receive(self, worker: _Worker) -> None:
        """The worker's pipe is readable: take what is there; settle its job when whole."""
        ended = False
        try:
            while chunk := os.read(worker.results.fileno(), READ_CHUNK):
                worker.received += chunk
            ended = True
        except BlockingIOError:
            pass
        except OSError:
            ended = True
        message = _take_message(worker.received)
        if message is not None:
            self._settle(worker, message)
        if ended:
            self._lost(worker)

    def _settle(self, worker: _Worker, message: bytes) -> None:
        job, worker.job = worker.job, None
        if job is not None and not job.done.done():
            try:
                ok, value = pickle.loads(message)
            except Exception as error:
                ok, value = False, error
            if ok:
                job.done.set_result(value)
            else:
                job.done.set_exception(value)
        self._hand_out()

    def _lost(self, worker: _Worker) -> None:
        """The worker exited: its job goes to a thread, and (unless closing) a new worker
        takes its place."""
        if worker not in self._workers:
            return  # already let go
        assert self._loop is not None
        self._loop.remove_reader(worker.results.fileno())
        worker.results.close()
        self._workers.remove(worker)
        if worker.job is not None and not worker.job.done.done():
            worker.job.done.set_exception(WorkerDied())
        if self._closing:  # `close` owns the jobs pipes, perhaps from another thread
            for job in (*self._waiting, *self._extras):
                job.done.cancel()
            self._waiting.clear()
            self._extras.clear()
            return
        log.error("an engine worker process died; starting a new one")
        worker.jobs.close()
        self._start_worker()
        self._hand_out()

    def close(self) -> None:
        """Stop the worker processes (work under way finishes first). May be called from
        another thread: the loop lets go of the pipes as each worker exits."""
        self._closing = True
        workers = list(self._workers)
        for worker in workers:
            worker.jobs.close()  # the worker reads the end of its jobs, and exits
        for worker in workers:
            worker.process.join(CLOSE_TIMEOUT)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(CLOSE_TIMEOUT)


def _write(connection: Connection, payload: bytes) -> None:
    """One message on a blocking pipe, whole."""
    data = memoryview(HEADER.pack(len(payload)) + payload)
    while data:
        data = data[os.write(connection.fileno(), data) :]


def _read_exactly(connection: Connection, size: int) -> bytes:
    """`size` bytes from a blocking pipe; EOFError at its end."""
    parts = []
    while size:
        part = os.read(connection.fileno(), size)
        if not part:
            raise EOFError
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _take_message(received: bytearray) -> bytes | None:
    """The first whole message in `received`, removed from it; None until it is whole."""
    if len(received) < HEADER.size:
        return None
    (size,) = HEADER.unpack_from(received)
    end = HEADER.size + size
    if len(received) < end:
        return None
    message = bytes(received[HEADER.size : end])
    del received[:end]
    return message


def _serve(jobs: Connection, results: Connection, priority: Priority) -> None:
    """A worker process: run each job it is sent, send back its result or its exception,
    until the bot closes the jobs pipe."""
    _settle_worker(priority)
    while True:
        try:
            (size,) = HEADER.unpack(_read_exactly(jobs, HEADER.size))
            call = pickle.loads(_read_exactly(jobs, size))
        except EOFError:
            return
        try:
            outcome: tuple[bool, Any] = (True, call())
        except Exception as error:
            outcome = (False, error)
        try:
            message = pickle.dumps(outcome)
        except Exception as error:
            message = pickle.dumps((False, RuntimeError(f"unsendable result: {error!r}")))
        _write(results, message)


WORKER_NICENESS = 10
"""How far workers of `Priority.LOW` stand back: the loop wins a shared core about nine
times in ten (CFS weights 1024 and 110), and a worker still gets its share on a busy
host."""


def _settle_worker(priority: Priority) -> None:
    """Run in each worker as it starts: interrupts left to the bot, the core left to the
    event loop whenever the loop wants it."""
    # Ctrl-C reaches every process of the terminal; the bot shuts its workers down
    # itself, so a worker ignores it rather than die with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if priority is Priority.IDLE:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    else:
        os.nice(WORKER_NICENESS)
