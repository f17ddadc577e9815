"""How well the bot's estimates came true: figures over cases whose member reported the
score they saw afterwards (`/jss outcome C-… 88%`).

Pure arithmetic over plain records, so it runs the same on a moderator's community,
on the whole case log from the command line, and on a generated set in the bench.
It reports; it never changes the model. Which tunable assumption the misses point
at comes from the model's assumptions file (advice/assumptions.toml): each assumption
names the situation tags of the cases whose estimates lean on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from advice.tunables import TUNABLES, Assumption
from commands.charts.outcomes import CalibrationChart, OutcomePoint
from storage.interface import Case


@dataclass(frozen=True)
class Outcome:
    """One case's estimate next to the score its member reported (percent)."""

    ruleset: str
    kind: str
    tags: tuple[str, ...]
    best: float
    likely: float
    worst: float
    reported: float

    @property
    def inside(self) -> bool:
        return self.worst <= self.reported <= self.best


@dataclass(frozen=True)
class Group:
    """The figures of one group of outcomes."""

    name: str
    count: int
    inside: float
    """Share of reported scores that fell inside best-worst (0-1)."""
    mae: float
    """Mean absolute error of the likely figure, in points."""
    bias: float
    """Mean of reported minus likely, in points: below 0, the bot was too hopeful."""

    def line(self) -> str:
        return (
            f"{self.name}: {self.count} cases, {self.inside:.0%} inside best-worst, "
            f"likely off by {self.mae:.1f} points on average ({self.bias:+.1f})"
        )


MIN_GROUP = 5
"""A group with fewer outcomes says nothing about an assumption."""


@dataclass(frozen=True)
class Calibration:
    """Every figure of the report."""

    overall: Group
    by_ruleset: tuple[Group, ...]
    by_kind: tuple[Group, ...]
    by_tag: tuple[Group, ...]
    by_assumption: tuple[Group, ...]
    """Per assumption, the cases carrying any of its tags (named as the file says it)."""
    points_at: str
    """Which assumption the errors point at, in one sentence."""

    def sections(self) -> tuple[tuple[str, tuple[Group, ...]], ...]:
        """The report's groupings, titled, in the order they are shown."""
        return (
            ("By rule set", self.by_ruleset),
            ("By question kind", self.by_kind),
            ("By situation tag", self.by_tag),
            ("By assumption the estimate leans on", self.by_assumption),
        )

    def lines(self) -> list[str]:
        """The report as text lines (the command line's)."""
        out = [self.overall.line(), ""]
        for title, groups in self.sections():
            out += [title, *(f"- {group.line()}" for group in groups), ""]
        out.append(self.points_at)
        return out


def _group(name: str, outcomes: list[Outcome]) -> Group:
    n = len(outcomes)
    inside = sum(1 for o in outcomes if o.inside)
    errors = [o.reported - o.likely for o in outcomes]
    return Group(name, n, inside / n, sum(map(abs, errors)) / n, sum(errors) / n)


def _by(outcomes: list[Outcome], keys: Mapping[str, list[Outcome]]) -> tuple[Group, ...]:
    return tuple(_group(name, keys[name]) for name in sorted(keys))


def _by_assumption(
    outcomes: list[Outcome], assumptions: tuple[Assumption, ...]
) -> tuple[Group, ...]:
    groups = []
    for assumption in assumptions:
        tags = set(assumption.tags)
        leaning = [o for o in outcomes if tags.intersection(o.tags)]
        if leaning:
            groups.append(_group(assumption.name, leaning))
    return tuple(groups)


def _points_at(overall: Group, by_assumption: tuple[Group, ...]) -> str:
    """The assumption whose cases miss most beyond the overall rate, in one sentence."""
    candidates = [group for group in by_assumption if group.count >= MIN_GROUP]
    if not candidates:
        return "Too few outcomes per situation to point at any assumption."
    worst = max(candidates, key=lambda group: (group.mae, group.name))
    if worst.mae <= overall.mae and worst.inside >= overall.inside:
        return "No assumption stands out: every situation misses about as often as the rest."
    direction = "too hopeful" if worst.bias < 0 else "too gloomy"
    tags = next(a.tags for a in TUNABLES.assumptions if a.name == worst.name)
    return (
        f"The errors point at {worst.name} (advice/assumptions.toml): cases tagged "
        f"{' or '.join(tags)} miss most (likely off by {worst.mae:.1f} points, {direction}). "
        "The model is unchanged."
    )


def calibrate(outcomes: Iterable[Outcome]) -> Calibration | None:
    """The report over outcomes; None when there is none."""
    every = list(outcomes)
    if not every:
        return None
    rulesets: dict[str, list[Outcome]] = defaultdict(list)
    kinds: dict[str, list[Outcome]] = defaultdict(list)
    tags: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in every:
        rulesets[outcome.ruleset].append(outcome)
        kinds[outcome.kind].append(outcome)
        for tag in outcome.tags:
            tags[tag].append(outcome)
    overall = _group("All cases", every)
    by_assumption = _by_assumption(every, TUNABLES.assumptions)
    return Calibration(
        overall,
        _by(every, rulesets),
        _by(every, kinds),
        _by(every, tags),
        by_assumption,
        _points_at(overall, by_assumption),
    )


def calibration_chart(outcomes: Iterable[Outcome]) -> CalibrationChart:
    """Each outcome's likely figure against its reported score, as chart data."""
    return CalibrationChart(tuple(OutcomePoint(o.likely, o.reported, o.inside) for o in outcomes))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def reported_score(outcome: str, start: float | None) -> float | None:
    """`88%` -> 88.0; `no change` -> the score the answer started from (if known)."""
    if outcome.endswith("%"):
        try:
            return float(outcome[:-1])
        except ValueError:
            return None
    return start


def outcome_of(case: Case) -> Outcome | None:
    """The case's estimate and reported score; None without an outcome or a figure."""
    if case.outcome is None:
        return None
    estimate = case.draft.estimate
    best, likely, worst = (_number(estimate.get(k)) for k in ("best", "likely", "worst"))
    if best is None or likely is None or worst is None:
        return None
    change = estimate.get("change") or {}
    shift = _number(change.get("likely")) if isinstance(change, dict) else None
    start = None if shift is None else likely - shift
    reported = reported_score(case.outcome, start)
    if reported is None:
        return None
    kind = str(estimate.get("question_kind") or "unknown")
    return Outcome(case.draft.ruleset, kind, case.draft.tags, best, likely, worst, reported)
