"""What it takes to reach a score: positive weight to a target, and good jobs to the next ones.

x = (t·T − S) / (1 − t) for one window (JSS_MODEL section 4), the trending candidate by
bisection, and the targets a way back names: the Top Rated line, a cushion above it,
and the score the member had before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advice.estimate import Board
from advice.outcomes import LIKELY
from advice.rulesets import RuleSet
from advice.tables import CUSHION_JSS, ROUNDING, TARGET_JSS, WEIGHT_BANDS
from advice.windows import Tally


def weight_to_target(positive: float, total: float, target: float) -> float:
    """Extra positive weight x with (S + x) / (T + x) = t: x = (t·T − S) / (1 − t); 0 if met."""
    if total > 0 and positive / total >= target:
        return 0.0
    return max(0.0, (target * total - positive) / (1 - target))


def _trending_to_target(six: Tally, three: Tally, target: float) -> float:
    """Least x lifting ((S6+x)/(T6+x) + (S3+x)/(T3+x)) / 2 to the target (bisection)."""

    def score(x: float) -> float:
        a = (six.positive + x) / (six.total + x) if six.total + x > 0 else 0.0
        b = (three.positive + x) / (three.total + x) if three.total + x > 0 else 0.0
        return (a + b) / 2

    if score(0.0) >= target:
        return 0.0
    # Once the worse window alone reaches the target, the average does too.
    low = 0.0
    high = max(
        weight_to_target(six.positive, six.total, target),
        weight_to_target(three.positive, three.total, target),
    )
    for _ in range(40):
        mid = (low + high) / 2
        low, high = (mid, high) if score(mid) < target else (low, mid)
    return high


@dataclass(frozen=True)
class TargetNeed:
    """Positive weight that lifts the shown score to `target`, and in jobs of two sizes."""

    target: int
    by_window: dict[str, float]
    weight: float
    jobs_over_1000: int
    jobs_up_to_250: int

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "by_window": dict(self.by_window),
            "weight": self.weight,
            "jobs_over_1000": self.jobs_over_1000,
            "jobs_up_to_250": self.jobs_up_to_250,
        }


def to_target(tallies: Sequence[Tally], ruleset: RuleSet, target_pct: int) -> TargetNeed:
    """Positive weight (and jobs) needed for the shown score to reach `target_pct`.

    A shown score is rounded, so `target_pct` shows from half a point below it.
    Assumes the windows qualify; a new job counts in every window at once.
    """
    t = (target_pct - ROUNDING) / 100
    by_window = {
        str(m): round(weight_to_target(tally.positive, tally.total, t), 3)
        for m, tally in zip(ruleset.windows, tallies, strict=True)
    }
    candidates = [v for m, v in by_window.items() if m != "3"]
    if ruleset.trending:
        six = tallies[ruleset.windows.index(6)]
        three = tallies[ruleset.windows.index(3)]
        by_window["trending"] = round(_trending_to_target(six, three, t), 3)
        candidates.append(by_window["trending"])
    needed = min(candidates)
    return TargetNeed(
        target_pct,
        by_window,
        needed,
        math.ceil(needed / WEIGHT_BANDS[-1].weight - 1e-9),
        math.ceil(needed / WEIGHT_BANDS[0].weight - 1e-9),
    )


@dataclass(frozen=True)
class Recovery:
    """Good jobs of the member's size that would lift the shown score to `target`,
    over the readings of their history (fewest to most)."""

    target: int
    job_weight: float
    jobs_low: int
    jobs_high: int
    size: str = ""
    """The jobs meant, in words ('over $1,000', 'of that size'); '' when all weigh alike."""

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "job_weight": self.job_weight,
            "jobs": [self.jobs_low, self.jobs_high],
            "size": self.size,
        }


def recovery(
    boards: Sequence[Board],
    ruleset: RuleSet,
    current: float | None,
    previous: int | None,
    job: tuple[float, str],
) -> tuple[Recovery, ...]:
    """Jobs to the next targets above the current score: the Top Rated line, a cushion
    above it, and the score the member had before (when it can be reached at all)."""
    if current is None or not boards:
        return ()
    wanted = {TARGET_JSS, CUSHION_JSS, *([previous] if previous is not None else [])}
    targets = sorted(t for t in wanted if current < t < 100)[:2]
    job_weight, size = job
    out = []
    for target in targets:
        weights = [to_target(b.tallies[LIKELY], ruleset, target).weight for b in boards]
        jobs = [math.ceil(w / job_weight - 1e-9) for w in weights]
        out.append(Recovery(target, job_weight, min(jobs), max(jobs), size))
    return tuple(out)
