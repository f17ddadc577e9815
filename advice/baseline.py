"""Starting from the score the member has now (JSS_MODEL section 9).

Members rarely list every contract; they write "Top Rated at 93%", "100% with about
280 jobs", "it dropped from 100% to 89%". The outcomes they did not list form a
pool, calibrated so that the listed outcomes that count today plus the pool show
the stated score. Its size comes from a count the member gives, from a change they
saw, or from a wide prior; every estimate is then a change from the stated score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from advice.estimate import PoolShare, pool_fraction
from advice.outcomes import LIKELY, View
from advice.rulesets import RuleSet
from advice.situation import Contract, FeedbackStatus, Freelancer, QuestionKind
from advice.tables import (
    COUNT_SPREAD,
    FEEDBACK_WINDOW_DAYS,
    POOL_PRIORS,
    ROUNDING,
    Kind,
)
from advice.windows import Tally

_BISECTIONS = 48
DROP_POOL_CAP = 5.0
# The most history a stated score is taken to imply (jobs' weight): beyond it a score is
# read as unreachable from the listed outcomes rather than as evidence of a huge history.
POOL_FLOOR_LIMIT = 2000.0
"""A one-point change barely bounds the history: its largest reading is capped at this
many times the likely one."""


class BaselineSource(StrEnum):
    """Where the score an answer starts from comes from."""

    STATED = "stated"
    COMPUTED = "computed"
    NONE = "none"


class PoolSource(StrEnum):
    """What the size of the unlisted history was read from."""

    COUNT = "count"
    DROP = "drop"
    PRIOR = "prior"


@dataclass(frozen=True)
class PoolSize:
    """Total weight of the unlisted outcomes: lowest, likely, highest reading."""

    source: PoolSource
    low: float
    likely: float
    high: float

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source.value,
            "low": round(self.low, 2),
            "likely": round(self.likely, 2),
            "high": round(self.high, 2),
        }


@dataclass(frozen=True)
class Drop:
    """A change the member saw ("from 100% to 89%") and the history it implies.

    One new negative of weight `weight` takes S/T from `before` to `after` when the
    weight before it was T0 = after·w / (before − after), widened by the rounding of
    both shown scores. A shown 100% is taken as exactly 100% (every outcome positive).
    """

    before: int
    after: int
    weight: float
    total_low: float
    total_likely: float
    total_high: float

    @property
    def positive_range(self) -> tuple[float, float]:
        """Positive weight before the change, in jobs of the negative's weight (S/w)."""
        low_share, high_share = _interval(self.before)
        return (
            self.total_low * low_share / self.weight,
            self.total_high * high_share / self.weight,
        )

    @property
    def positive_likely(self) -> float:
        """Positive weight before the change, in jobs of the negative's weight, as stated."""
        return self.total_likely * (self.before / 100) / self.weight

    def to_json(self) -> dict[str, Any]:
        low, high = self.positive_range
        return {
            "before": self.before,
            "after": self.after,
            "weight": self.weight,
            "total_before": [round(self.total_low, 2), round(self.total_high, 2)],
            "positive_per_weight": [round(low, 2), round(high, 2)],
        }


@dataclass(frozen=True)
class Baseline:
    """The score an answer starts from, and the unlisted history behind it."""

    source: BaselineSource
    shown_jss: float | None
    """The score answers start from: the stated one (the middle of a stated range)."""
    stated: tuple[int, int] | None = None
    """The stated score as the member said it: (low, high), equal ends for one figure."""
    previous_jss: int | None = None
    pool: PoolSize | None = None
    drop: Drop | None = None
    question_counted: bool = False
    """Whether the contract in question is already part of the stated score."""
    fits: bool = True
    """False when no history of the pool's size can give the stated score with the
    contracts listed (the answer says so)."""

    @property
    def label(self) -> str:
        """The score as said back: '92%', '90-91%'."""
        if self.stated is not None and self.stated[0] != self.stated[1]:
            return f"{self.stated[0]}-{self.stated[1]}%"
        return "no score" if self.shown_jss is None else f"{self.shown_jss:g}%"

    def holds(self, value: float) -> bool:
        """Whether a shown figure is the score answers start from (inside a stated range)."""
        if self.stated is not None:
            return self.stated[0] <= value <= self.stated[1]
        return value == self.shown_jss

    def to_json(self) -> dict[str, Any]:
        return {
            "shown_jss": self.shown_jss,
            "stated": None if self.stated is None else list(self.stated),
            "source": self.source.value,
            "previous_jss": self.previous_jss,
            "pool": None if self.pool is None else self.pool.to_json(),
            "drop": None if self.drop is None else self.drop.to_json(),
            "question_counted": self.question_counted,
            "fits": self.fits,
        }


def _interval(shown: float) -> tuple[float, float]:
    """The raw share behind a shown score; 100% is taken as exact."""
    if shown >= 100:
        return 1.0, 1.0
    low = max(0.0, shown - ROUNDING) / 100
    return low, min(100.0, shown + ROUNDING) / 100


def read_drop(freelancer: Freelancer, weight: float) -> Drop | None:
    """What a change from the previous score to the stated one says, if it was a drop."""
    before, after = freelancer.previous_jss, freelancer.shown_jss
    if before is None or after is None or after >= before:
        return None
    likely = (after / 100) * weight / ((before - after) / 100)
    b_low, b_high = _interval(before)
    a_low, a_high = _interval(after)
    low = a_low * weight / (b_high - a_low)
    gap = b_low - a_high
    high = a_high * weight / gap if gap > 0 else likely * DROP_POOL_CAP
    return Drop(before, after, weight, low, likely, min(high, likely * DROP_POOL_CAP))


def pool_size(
    freelancer: Freelancer, listed: int, listed_weight: float, drop: Drop | None
) -> PoolSize:
    """Weight of the unlisted history, from a drop, a count, or the prior.

    `listed` contracts the member named and `listed_weight` their weight now (other
    than the one a drop is about) come out of what a count or a drop says in all.
    """
    if drop is not None:
        return PoolSize(
            PoolSource.DROP,
            max(0.0, drop.total_low - listed_weight),
            max(0.0, drop.total_likely - listed_weight),
            max(0.0, drop.total_high - listed_weight),
        )
    if freelancer.jobs is not None:
        unlisted = max(freelancer.jobs - listed, 1)
        low, likely, high = (share * unlisted for share in COUNT_SPREAD)
        return PoolSize(PoolSource.COUNT, low, likely, high)
    prior = next(p for p in POOL_PRIORS if freelancer.badge in p.badges or not p.badges)
    return PoolSize(PoolSource.PRIOR, prior.low, prior.likely, prior.high)


def _raw_shown(tallies: Sequence[Tally], ruleset: RuleSet, positive: float, total: float) -> float:
    """The unrounded shown score with a pool of (positive, total) spread over the windows."""
    values: dict[int, float] = {}
    for months, tally in zip(ruleset.windows, tallies, strict=True):
        part = pool_fraction(months, ruleset.windows)
        weight = tally.total + total * part
        if weight > 0:
            values[months] = 100.0 * (tally.positive + positive * part) / weight
    candidates = [v for m, v in values.items() if m != 3]
    if ruleset.trending and 6 in values and 3 in values:
        candidates.append((values[6] + values[3]) / 2)
    return max(candidates, default=0.0)


def least_pool(tallies: Sequence[Tally], ruleset: RuleSet, target: float) -> float:
    """The smallest all-positive history that lifts the listed outcomes to `target`.

    A stated score is evidence of at least this much history: a 90% beside a listed
    negative of weight 1.5 needs 13.5 jobs' weight of good outcomes around it, however
    small a count or the prior guessed. 0 when none is needed; when no history can
    reach the target (a negative listed beside a stated 100%), 0 too: nothing to raise.
    """
    if _raw_shown(tallies, ruleset, 0.0, 0.0) >= target - 1e-9:
        return 0.0
    high = POOL_FLOOR_LIMIT
    if _raw_shown(tallies, ruleset, high, high) < target - 1e-9:
        return 0.0
    low = 0.0
    for _ in range(_BISECTIONS):
        mid = (low + high) / 2
        if _raw_shown(tallies, ruleset, mid, mid) < target - 1e-9:
            low = mid
        else:
            high = mid
    return high


def calibrate(
    tallies: Sequence[Tally], ruleset: RuleSet, target: float, total: float
) -> tuple[PoolShare, bool]:
    """The pool of `total` weight whose positive share makes the shown score `target`.

    `tallies` are the likely reading of the listed outcomes that count today. The
    score rises with the pool's positive weight, so bisection finds it; when no share
    can reach the target the nearest end is used and the second value is False.
    """
    outcomes = max(ruleset.min_outcomes, round(total))
    clients = ruleset.min_clients

    def share(positive: float) -> PoolShare:
        return PoolShare(positive, total, outcomes, clients)

    low, high = 0.0, total
    if _raw_shown(tallies, ruleset, high, total) < target - 1e-9:
        return share(high), False
    if _raw_shown(tallies, ruleset, low, total) > target + 1e-9:
        return share(low), False
    for _ in range(_BISECTIONS):
        mid = (low + high) / 2
        if _raw_shown(tallies, ruleset, mid, total) < target:
            low = mid
        else:
            high = mid
    return share((low + high) / 2), True


def question_counted(
    question: Contract,
    view: View,
    kind: QuestionKind,
    drop: Drop | None,
    as_of: date,
) -> bool:
    """Whether the contract in question is already part of the score the member states.

    An open contract counts as it stands today. An ended one is in the score when the
    member asks why it dropped, or reports the drop it caused, or when its feedback
    window closed long ago; otherwise the stated score is the one before it lands.
    """
    if question.is_open:
        return True
    if kind is QuestionKind.DIAGNOSIS or drop is not None:
        return True
    if question.feedback is FeedbackStatus.PENDING:
        return False
    ended = question.end
    return ended is not None and as_of - ended > timedelta(days=FEEDBACK_WINDOW_DAYS)


def now_kind(view: View, contract: Contract) -> Kind:
    """How a contract counts today: its likely reading, but feedback not in yet is not."""
    if not contract.is_open and contract.feedback is FeedbackStatus.PENDING:
        return Kind.EXCLUDED
    return view.kinds[LIKELY]
