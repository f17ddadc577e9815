"""Time `jss-helper advise` for one situation against `python -c "import pydantic"`.

Both run as whole processes, in turns (A B A B ...), in the same run, so the
machine's load weighs on both alike; the figure is the difference of medians.

    python bench/bench_advise.py [--runs 9]

Both start from compiled bytecode, as an installed bot does: pip compiles pydantic
when it installs it, and the warm-up run writes ours even where the environment sets
PYTHONDONTWRITEBYTECODE (which would otherwise make every run compile the project
from source, a cost no installed bot pays).

Target: advise takes at most 0.3 s more than importing pydantic. Its last
line is the one figure: `advise one-shot: X s, import pydantic: Y s, difference: Z s`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITUATION = "JSS 92%, Top Rated, a client went silent on an open hourly contract 4 months ago"
ADVISE = [sys.executable, "-m", "bot", "advise", "--as-of", "2026-06-10", SITUATION]
PYDANTIC = [sys.executable, "-c", "import pydantic"]
TARGET_S = 0.3
ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}


def wall_seconds(command: list[str]) -> float:
    """Wall time of one run of `command`, which must succeed."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENVIRONMENT, check=True, capture_output=True, timeout=60)
    return time.perf_counter() - start


def lexer_import_ms() -> float:
    """The tokenizer's own import time (its patterns compile then), from -X importtime."""
    command = [sys.executable, "-X", "importtime", "-c", "import commands.parsing.lexer"]
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, timeout=60)
    # The package imports the module first; its own line is the one with the time.
    own = [
        int(line.split("|")[0].split(":")[1])
        for line in done.stderr.splitlines()
        if line.split("|")[-1].strip() == "commands.parsing.lexer"
    ]
    return max(own, default=0) / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each, after one warm-up")
    args = parser.parse_args()
    wall_seconds(ADVISE)
    wall_seconds(PYDANTIC)
    advise: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):
        advise.append(wall_seconds(ADVISE))
        bare.append(wall_seconds(PYDANTIC))
    a, b = statistics.median(advise), statistics.median(bare)
    print(f"{args.runs} runs each, in turns; medians of wall time")
    print(f"  advise   min {min(advise):.3f} s  median {a:.3f} s  max {max(advise):.3f} s")
    print(f"  pydantic min {min(bare):.3f} s  median {b:.3f} s  max {max(bare):.3f} s")
    print(f"  of which the tokenizer's own import: {lexer_import_ms():.0f} ms")
    met = a - b <= TARGET_S
    print(
        f"target: at most {TARGET_S} s more than importing pydantic: {'met' if met else 'NOT met'}"
    )
    print(f"advise one-shot: {a:.3f} s, import pydantic: {b:.3f} s, difference: {a - b:.3f} s")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
