"""The compute pool: pure work runs in a worker process, answers come back whole."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import date

import pytest

from commands.compute import WORKER_NICENESS, ComputePool, Priority
from commands.handlers.check import answer_again, work_out
from commands.recent import Asked

POST = "$0 contract, the client threatens a bad review; two others of $900 and $4,000, 5 stars"
ASKED = Asked(POST, date(2026, 11, 21))


async def test_work_runs_in_another_process_and_returns_the_answer() -> None:
    pool = ComputePool(processes=1)
    pool.start()
    try:
        pid = await pool.run(os.getpid)
        worked = await pool.run(work_out, ASKED)
        again = await pool.run(answer_again, ASKED)
    finally:
        pool.close()
    assert pid != os.getpid()
    local = work_out(ASKED)
    assert worked.reply is not None and worked.reply == local.reply
    local_answer = answer_again(ASKED)
    assert again is not None and local_answer is not None
    assert again[1].to_json() == local_answer[1].to_json()
    assert again[0].understood == local_answer[0].understood


async def test_problems_come_back_as_values_and_exceptions_propagate() -> None:
    pool = ComputePool(processes=1)
    pool.start()
    try:
        worked = await pool.run(work_out, ASKED._replace(text="   "))
        assert worked.reply is None and "nothing to read" in worked.problem
        with pytest.raises(ValueError, match="Invalid isoformat"):
            await pool.run(date.fromisoformat, "not a date")
    finally:
        pool.close()


async def test_a_dead_worker_is_replaced_and_the_answer_still_comes() -> None:
    pool = ComputePool(processes=1)
    pool.start()
    try:
        victim = await pool.run(os.getpid)
        os.kill(victim, signal.SIGKILL)
        worked = await pool.run(work_out, ASKED)
        assert worked.reply is not None
        replacement = await pool.run(os.getpid)
        assert replacement not in (victim, os.getpid())
    finally:
        pool.close()


async def test_a_result_larger_than_a_pipe_holds_comes_back_whole() -> None:
    pool = ComputePool(processes=1)
    pool.start()
    try:
        big = await pool.run(bytes, 3_000_000)
        small = await pool.run(len, "abc")
    finally:
        pool.close()
    assert big == bytes(3_000_000)
    assert small == 3


async def test_a_job_given_up_on_leaves_its_result_out_of_the_next_one() -> None:
    pool = ComputePool(processes=1)
    pool.start()
    try:
        worker = await pool.run(os.getpid)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(pool.run(time.sleep, 0.3), 0.01)
        assert await pool.run(len, "abcd") == 4
        assert await pool.run(os.getpid) == worker
    finally:
        pool.close()


async def test_answers_waiting_go_before_extras_waiting_longer() -> None:
    pool = ComputePool(processes=1)
    pool.start()
    try:
        busy = asyncio.ensure_future(pool.run(time.sleep, 0.2))
        await asyncio.sleep(0)  # the worker has the first job: the next two wait
        extra = asyncio.ensure_future(pool.run_extra(time.monotonic))
        answer = asyncio.ensure_future(pool.run(time.monotonic))
        await asyncio.gather(busy, extra, answer)
    finally:
        pool.close()
    assert answer.result() < extra.result()


async def test_without_processes_the_work_runs_in_a_thread() -> None:
    pool = ComputePool()
    assert await pool.run(os.getpid) == os.getpid()
    with pytest.raises(ValueError, match="cannot be negative"):
        ComputePool(processes=-1)


async def _standing(priority: Priority) -> tuple[int, int]:
    """A worker's nice value and scheduling policy at `priority`, after it answered."""
    pool = ComputePool(processes=1, priority=priority)
    pool.start()
    try:
        standing = (await pool.run(os.nice, 0), await pool.run(os.sched_getscheduler, 0))
        worked = await pool.run(work_out, ASKED)
    finally:
        pool.close()
    assert worked.reply == work_out(ASKED).reply
    return standing


async def test_workers_stand_back_for_the_event_loop_and_the_bot_keeps_its_own() -> None:
    nice, policy = await _standing(Priority.LOW)
    assert nice == os.nice(0) + WORKER_NICENESS
    assert policy == os.sched_getscheduler(0)


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux's idle policy")
async def test_idle_workers_run_only_when_nothing_else_wants_the_core() -> None:
    nice, policy = await _standing(Priority.IDLE)
    assert policy == os.SCHED_IDLE
    assert nice == os.nice(0)
    assert os.sched_getscheduler(0) != os.SCHED_IDLE  # the bot's own stays
