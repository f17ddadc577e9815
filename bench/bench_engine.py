"""Time the advice engine: advise() for 1, 50 and 500 contracts.

Run: python bench/bench_engine.py [--quick]

Prints, per size, the median and p99 time of one advise() call (estimate,
scenarios, derived figures and ranked advice), the throughput on one core and
the peak memory of one call (tracemalloc, measured in a separate run so it does
not slow the timing). The target is a median under 1 ms for 50 contracts; the last
line is that figure: `engine median, 50 contracts: X ms (cpu Y ms, N runs)`.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advice.engine import advise
from advice.situation import Situation, situation_from_data

AS_OF = date(2025, 6, 10)
TARGET_SIZE = 50
TARGET_MEDIAN_MS = 1.0


def _contract(i: int) -> dict[str, Any]:
    """A realistic mix: mostly good, some poor, pending, open, dormant, unknown amounts."""
    kind = i % 10
    end = AS_OF - timedelta(days=(i * 37) % 700 + 1)
    base: dict[str, Any] = {"client": f"client-{i % 23}", "earnings": [80, 400, 2_500][i % 3]}
    if kind in (0, 1, 2, 3, 4):
        return {**base, "end": end.isoformat(), "feedback": "given", "stars": 5.0}
    if kind == 5:
        return {**base, "end": end.isoformat(), "feedback": "given", "stars": 3.0,
                "private_rating": 5}  # fmt: skip
    if kind == 6:
        return {**base, "earnings": None, "end": end.isoformat(), "feedback": "pending"}
    if kind == 7:
        start = AS_OF - timedelta(days=200)
        paid = (AS_OF - timedelta(days=10)).isoformat()
        return {**base, "status": "open", "start": start.isoformat(), "last_payment": paid,
                "pay": "hourly"}  # fmt: skip
    if kind == 8:
        start = AS_OF - timedelta(days=400)
        return {**base, "status": "open", "start": start.isoformat(),
                "last_payment": (AS_OF - timedelta(days=150)).isoformat()}  # fmt: skip
    return {**base, "earnings": 0, "end": end.isoformat(), "feedback": "none"}


def build(size: int) -> Situation:
    """A situation of `size` contracts, the last one open and in question, with a threat."""
    contracts = [_contract(i) for i in range(size - 1)]
    contracts.append(
        {
            "client": "asker",
            "earnings": 1_200,
            "status": "open",
            "start": (AS_OF - timedelta(days=40)).isoformat(),
            "last_payment": (AS_OF - timedelta(days=5)).isoformat(),
            "in_question": True,
        }
    )
    return situation_from_data(
        {
            "freelancer": {"badge": "top-rated"},
            "contracts": contracts,
            "events": {"threat_of_bad_feedback": True, "evidence_in_writing": True},
            "intents": ["end-contract"],
            "as_of": AS_OF.isoformat(),
        }
    )


def time_calls(situation: Situation, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU time of `runs` advise() calls, in milliseconds.

    CPU time (this process only) is printed next to wall time because a shared
    machine's other work inflates wall time without saying anything about ours.
    """
    for _ in range(min(50, runs)):
        advise(situation)
    wall, cpu = [], []
    gc.collect()
    for _ in range(runs):
        start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
        advise(situation)
        cpu.append((time.process_time_ns() - start_cpu) / 1e6)
        wall.append((time.perf_counter_ns() - start) / 1e6)
    return wall, cpu


def peak_memory_kib(situation: Situation) -> float:
    """Peak memory allocated during one advise() call."""
    gc.collect()
    tracemalloc.start()
    advise(situation)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    runs = {1: 3_000, 50: 2_000, 500: 300}
    if args.quick:
        runs = {size: max(20, n // 10) for size, n in runs.items()}
    print(f"advise() on Python {sys.version.split()[0]}, one core, as of {AS_OF}")
    header = ("contracts", "runs", "median ms", "p99 ms", "cpu med ms", "calls/s", "peak KiB")
    print("{:>9} {:>6} {:>10} {:>8} {:>10} {:>9} {:>9}".format(*header))
    at_target = (float("inf"), float("inf"))
    target_runs = runs[TARGET_SIZE]
    for size, count in runs.items():
        situation = build(size)
        wall, cpu = time_calls(situation, count)
        samples = sorted(wall)
        median = statistics.median(samples)
        cpu_median = statistics.median(cpu)
        p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
        throughput = 1_000 / statistics.fmean(samples)
        peak = peak_memory_kib(situation)
        print(
            f"{size:>9} {count:>6} {median:>10.3f} {p99:>8.3f} {cpu_median:>10.3f} "
            f"{throughput:>9.0f} {peak:>9.1f}"
        )
        if size == TARGET_SIZE:
            at_target = (median, cpu_median)
    wall_ok, cpu_ok = (value < TARGET_MEDIAN_MS for value in at_target)
    print(
        f"target: median under {TARGET_MEDIAN_MS} ms for {TARGET_SIZE} contracts: "
        f"wall {'PASS' if wall_ok else 'MISS'} ({at_target[0]:.3f} ms), "
        f"cpu {'PASS' if cpu_ok else 'MISS'} ({at_target[1]:.3f} ms)"
    )
    print(
        f"engine median, {TARGET_SIZE} contracts: {at_target[0]:.3f} ms "
        f"(cpu {at_target[1]:.3f} ms, {target_runs} runs)"
    )
    return 0 if wall_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
