"""Weight of one contract (JSS_MODEL section 3).

Rule for months with a payment when the member did not say (`paid_months` is
None): an hourly contract is billed weekly, so every calendar month from its
start to its last payment (or end) had a payment; a fixed-price contract that
ran 90 days or more is counted the same way (milestones are usually spread
over a long contract); a shorter fixed-price contract had one month with a
payment. Without a start date we cannot tell, and assume one month.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import NamedTuple

from advice.plain import PlainContract
from advice.rulesets import RuleSet
from advice.situation import Pay
from advice.tables import (
    LONG_TERM_MIN_DAYS,
    MONTHS_PER_BONUS_JOB,
    UNWEIGHTED,
    WEIGHT_BANDS,
    WEIGHT_CAP,
)


class WeightRange(NamedTuple):
    """Lowest, middle and highest weight the contract may have (equal when known)."""

    low: float
    mid: float
    high: float
    paid_months: int
    months_derived: bool

    @property
    def known(self) -> bool:
        return self.low == self.high


def band_weight(earnings: float) -> float:
    """Weight of the earnings band alone: $1-250 → 1, $251-1,000 → 1.25, more → 1.5."""
    for band in WEIGHT_BANDS:
        if earnings <= band.up_to_usd:
            return band.weight
    return WEIGHT_BANDS[-1].weight


def months_touched(start: date, end: date) -> int:
    """Calendar months from `start` to `end`, both included (Jan 30 → Mar 2 is 3)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def paid_months(contract: PlainContract, earnings: float | None) -> tuple[int, bool]:
    """Months with at least one payment, and whether we derived the figure."""
    if contract.paid_months is not None:
        return contract.paid_months, False
    if earnings == 0:
        return 0, True
    until = contract.last_payment or contract.end
    if contract.start is None or until is None:
        return 1, True
    span = (until - contract.start).days
    if contract.pay is _HOURLY or span >= LONG_TERM_MIN_DAYS:
        return months_touched(contract.start, until), True
    return 1, True


_HOURLY = Pay.HOURLY
"""Read once: looking an enum member up on its class is slow on Python 3.11."""

_FLAT = WeightRange(UNWEIGHTED, UNWEIGHTED, UNWEIGHTED, 0, False)


def weight_range(contract: PlainContract, earnings: float | None, ruleset: RuleSet) -> WeightRange:
    """Weight of a paid contract under `ruleset`; unknown earnings spread over the table.

    Without earnings weighting every contract weighs one job and months with a
    payment do not matter (they are reported as 0).
    """
    if not ruleset.earnings_weighting:
        return _FLAT
    return _weighted(earnings, *paid_months(contract, earnings))


# Every contract of every answer is weighed, from a handful of distinct amounts and months.
@lru_cache(maxsize=1024)
def _weighted(earnings: float | None, months: int, derived: bool) -> WeightRange:
    """The weight range of `earnings` paid over `months` months, under earnings weighting."""
    bonus = float(months // MONTHS_PER_BONUS_JOB)
    if earnings is None:
        low = min(WEIGHT_CAP, WEIGHT_BANDS[0].weight + bonus)
        mid = min(WEIGHT_CAP, WEIGHT_BANDS[1].weight + bonus)
        high = min(WEIGHT_CAP, WEIGHT_BANDS[-1].weight + bonus)
        return WeightRange(low, mid, high, months, derived)
    weight = min(WEIGHT_CAP, band_weight(earnings) + bonus)
    return WeightRange(weight, weight, weight, months, derived)
