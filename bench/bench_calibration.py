"""Calibration over a generated case log: 10,000 cases with reported outcomes.

    python bench/bench_calibration.py            # 10,000 cases
    python bench/bench_calibration.py --cases 100000

Goal (issue 16): under 5 s for 10,000 cases. Prints figures only.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commands.calibration import calibrate, outcome_of
from storage.interface import Case, CaseDraft

RULESETS = ("2016-06", "2020-11", "2023-12", "2025")
KINDS = ("impact", "diagnosis", "recovery", "eligibility", "timing", "terms")
TAGS = ("zero-dollar", "threat", "dormant", "unresponsive-client", "top-rated", "refund")


def generated_case(n: int, rng: random.Random) -> Case:
    """A stored case as the log holds it, with an estimate and a reported score."""
    likely = rng.uniform(60, 100)
    best = min(100.0, likely + rng.uniform(0, 8))
    worst = max(0.0, likely - rng.uniform(0, 20))
    start = min(100.0, likely + rng.uniform(-3, 6))
    estimate = {
        "best": best,
        "likely": likely,
        "worst": worst,
        "question_kind": rng.choice(KINDS),
        "change": {"best": best - start, "likely": likely - start, "worst": worst - start},
    }
    reported = min(100.0, max(0.0, rng.gauss(likely - 1, 4)))
    outcome = "no change" if rng.random() < 0.1 else f"{reported:.0f}%"
    draft = CaseDraft(
        case_id=f"C-{n:07d}",
        event_key=f"bench:{n}",
        created_week=date(2026, 1, 5),
        platform="bench",
        channel_kind="slash",
        user_hash=f"u{n % 997}",
        channel_hash="c",
        community_hash="community",
        ruleset=rng.choice(RULESETS),
        situation={},
        estimate=estimate,
        advice_ids=(),
        tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
        summary="",
    )
    return Case(draft, outcome=outcome)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(16)
    cases = [generated_case(n, rng) for n in range(args.cases)]
    started = time.perf_counter()
    outcomes = [o for o in map(outcome_of, cases) if o is not None]
    report = calibrate(outcomes)
    elapsed = time.perf_counter() - started
    assert report is not None
    print(f"cases: {len(cases)}, with a usable outcome: {len(outcomes)}")
    print(f"calibration time: {elapsed:.3f} s")
    print("\n".join(report.lines()))


if __name__ == "__main__":
    main()
