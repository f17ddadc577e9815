"""`python -m bench`: run every bench script and write their figures to BENCHMARKS.md.

Each script runs on its own, as a subprocess, exactly as a person would run it;
this only collects the lines that carry its figures (each script measures its
own comparisons within one run, so ratios hold whatever the machine's load).
The file also says what machine ran them, how loaded it was, and when.

    python -m bench [--quick] [--cases N] [--output BENCHMARKS.md] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advice.clock import SYSTEM_CLOCK, Clock  # noqa: E402

STEP_TIMEOUT_S = 1_800.0
"""A script that runs longer is stopped and reported as such: storage at 1M cases builds
its log on the first run."""


@dataclass(frozen=True)
class Step:
    """One bench script: how to run it, in full and quickly, and which lines are figures."""

    name: str
    script: str
    args: tuple[str, ...]
    quick_args: tuple[str, ...]
    figures: str
    """A pattern: the output lines that match it are the figures."""
    goal: str


def steps(cases: int) -> tuple[Step, ...]:
    """Every figure of the table, in order; `cases`: the storage benches' case log size."""
    storage = ("--cases", str(cases))
    return (
        Step(
            "engine",
            "bench_engine.py",
            (),
            ("--quick",),
            r"^engine median",
            "median < 1 ms for 50 contracts",
        ),
        Step(
            "parser",
            "bench_parser.py",
            (),
            ("300",),
            r"^forum post",
            "median < 2 ms for a 2,000-character post",
        ),
        Step(
            "parser, slow inputs",
            "fuzz_parser.py",
            (),
            (),
            r"^worst parse ratio",
            "<= 10x a typical post",
        ),
        Step(
            "storage, SQLite",
            "bench_storage.py",
            ("--backend", "sqlite", *storage),
            ("--backend", "sqlite", *storage),
            r"^search p95 worst kind",
            "p95 < 20 ms at 1M cases",
        ),
        Step(
            "storage, PostgreSQL",
            "bench_storage.py",
            ("--backend", "postgresql", *storage),
            ("--backend", "postgresql", *storage),
            r"^search p95 worst kind",
            "p95 < 20 ms at 1M cases",
        ),
        Step(
            "advise one-shot",
            "bench_advise.py",
            (),
            ("--runs", "3"),
            r"^advise one-shot|tokenizer's own import",
            "<= 0.3 s more than import pydantic",
        ),
        Step(
            "Discord ack",
            "bench_discord.py",
            (),
            ("--count", "300", "--rounds", "1"),
            r"^Discord ack p99|ack p50 over",
            "p99 <= 1.5x the bare bot, one core",
        ),
        Step(
            "peak memory",
            "bench_rss.py",
            (),
            ("--count", "5"),
            r"^peak RSS",
            "—",
        ),
    )


@dataclass(frozen=True)
class Outcome:
    """What one step gave: its figure lines, or why there are none."""

    step: Step
    lines: tuple[str, ...]
    problem: str
    seconds: float


def run_step(step: Step, quick: bool) -> Outcome:
    """Run one script and pick its figure lines."""
    command = [sys.executable, str(ROOT / "bench" / step.script)]
    command += step.quick_args if quick else step.args
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=STEP_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        return Outcome(step, (), f"stopped after {STEP_TIMEOUT_S:.0f} s", STEP_TIMEOUT_S)
    seconds = time.monotonic() - started
    pattern = re.compile(step.figures)
    lines = tuple(line.strip() for line in done.stdout.splitlines() if pattern.search(line))
    problem = ""
    if not lines:
        said = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
        problem = f"no figure line (exit {done.returncode}): {said[:160]}"
    return Outcome(step, lines, problem, seconds)


def machine() -> list[str]:
    """Cores, CPU model and Python of this machine."""
    model = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        model = names[0] if names else model
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- cores: {os.cpu_count()} ({usable} usable by this run)",
        f"- CPU: {model}",
        f"- Python: {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}",
    ]


REFERENCE_ROUNDS = 5


def _reference_work() -> int:
    """A fixed piece of pure-Python work, the same in every run: integer arithmetic, a
    dict and short strings, as the engine and the parser do."""
    seen: dict[str, int] = {}
    total = 0
    for i in range(200_000):
        key = str(i % 1_000)
        seen[key] = seen.get(key, 0) + i
        total += i * i % 7
    return total + len(seen)


def reference_ms() -> float:
    """How long this machine takes for the reference work (median CPU ms of a few rounds).
    The same machine runs at different speeds on different days; absolute figures of
    two runs compare only as their reference times do."""
    times = []
    for _ in range(REFERENCE_ROUNDS):
        started = time.process_time()
        _reference_work()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def load() -> str:
    """The 1, 5 and 15-minute load averages."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def report(
    outcomes: list[Outcome],
    clock: Clock,
    loads: tuple[str, str],
    speeds: tuple[float, float],
    quick: bool,
) -> str:
    """BENCHMARKS.md's text; `speeds`: the reference work's time at the start and the end."""
    when = clock.now().strftime("%Y-%m-%d %H:%M UTC")
    rows = []
    for outcome in outcomes:
        found = "<br>".join(f"`{line}`" for line in outcome.lines) or outcome.problem
        rows.append(f"| {outcome.step.name} | {outcome.step.goal} | {found} |")
    return "\n".join(
        [
            "# Benchmarks",
            "",
            f"Written by `python -m bench{' --quick' if quick else ''}` on {when}. Every "
            "figure is a line printed by a script under `bench/`, each of which runs on "
            "its own; ratios are measured within one run of their script.",
            "",
            "| figure | goal | measured |",
            "|---|---|---|",
            *rows,
            "",
            "## Machine",
            "",
            *machine(),
            f"- load average (1 / 5 / 15 min) at the start: {loads[0]}; at the end: {loads[1]}",
            f"- speed: the reference work (`reference_ms` in bench/__main__.py) took "
            f"{speeds[0]:.0f} ms at the start and {speeds[1]:.0f} ms at the end; absolute "
            "times of two runs compare only as these do",
            "- time per script: "
            + ", ".join(f"{o.step.script} {o.seconds:.0f} s" for o in outcomes),
            "",
            "The machine is shared: a load average above the number of cores means other "
            "work ran alongside, which inflates absolute times more than the ratios.",
            "",
        ]
    )


def main(clock: Clock = SYSTEM_CLOCK) -> int:
    """Run the chosen steps in turn, print each figure as it comes, write the file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs in every script")
    parser.add_argument(
        "--cases", type=int, default=1_000_000, help="case log size for the storage benches"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--only", action="append", help="run only the steps of these scripts")
    args = parser.parse_args()
    chosen = [s for s in steps(args.cases) if not args.only or s.script in args.only]
    before, speed_before = load(), reference_ms()
    outcomes = []
    for step in chosen:
        print(f"{step.name}: {step.script} ...", flush=True)
        outcome = run_step(step, args.quick)
        for line in outcome.lines or (outcome.problem,):
            print(f"  {line}", flush=True)
        outcomes.append(outcome)
    after, speed_after = load(), reference_ms()
    text = report(outcomes, clock, (before, after), (speed_before, speed_after), args.quick)
    args.output.write_text(text, "utf-8")
    print(f"written: {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
