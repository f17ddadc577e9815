"""Derived figures (JSS_MODEL sections 4, 6 and 9): all `derived`-labelled arithmetic.

`Derived` is typed for the code that reads it (advice conditions, templates,
the reply) and turns into the JSON of the output contract with `to_json()`:
dates as ISO strings, window lengths as string keys ("24", "12", ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from advice.estimate import Board, Figures
from advice.outcomes import BEST, LIKELY, WORST, View, effective_earnings
from advice.rulesets import RuleSet, next_update
from advice.situation import Badge, Situation
from advice.tables import BADGE_RULES, TARGET_JSS, Kind, score_wording
from advice.targets import Recovery, TargetNeed, to_target
from advice.windows import leaves_window


@dataclass(frozen=True)
class NegativeLeaving:
    """One likely-negative outcome and the day it leaves each window."""

    contract: int
    client: str
    ended: date
    weight: float
    counts_in: tuple[int, ...]
    leaves: dict[int, date]

    def to_json(self) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "client": self.client,
            "ended": self.ended.isoformat(),
            "weight": self.weight,
            "counts_in": list(self.counts_in),
            "leaves": {str(m): day.isoformat() for m, day in self.leaves.items()},
        }


def negatives_leaving(
    views: Sequence[View], ruleset: RuleSet, board: Board
) -> list[NegativeLeaving]:
    """For each likely-negative outcome: when it leaves each window (length + 1 day)."""
    out = []
    negative = Kind.NEGATIVE  # read once: an enum member lookup is slow on Python 3.11
    for view in views:
        if view.kinds[LIKELY] is not negative:
            continue
        out.append(
            NegativeLeaving(
                view.index + 1,
                view.client,
                view.ref,
                view.weights[LIKELY],
                ruleset.windows[: board.depth(view.ref)],
                {m: leaves_window(view.ref, m) for m in ruleset.windows},
            )
        )
    return out


def earnings_12m(situation: Situation, board: Board) -> tuple[float, bool]:
    """Earnings on contracts dated within 12 months (approximate), and whether all known."""
    # Inside the 12-month window: from its cutoff (the cutoffs ascend with the depth) to
    # the as-of date; one comparison per contract instead of finding its depth.
    since, until = board.cutoffs[board.ruleset.windows.index(12)], board.as_of
    total, known = 0.0, True
    for contract in situation.contracts:
        ref = contract.end or contract.last_payment or contract.start or until
        if not since <= ref <= until:
            continue
        earned = effective_earnings(contract)
        if earned is None:
            known = False
        else:
            total += earned
    return total, known


@dataclass(frozen=True)
class BadgeEffects:
    """The Top Rated line and weeks, 12-month earnings, and the score band's wording."""

    badge: Badge | None
    holds_top_rated: bool
    rule_for: Badge
    line: int
    weeks_needed: int
    weeks_of: int
    likely_at_line: bool | None
    worst_at_line: bool | None
    earnings_12m: float
    earnings_12m_known: bool
    """False when some listed contract's earnings, or the unlisted history's, are not known."""
    min_earnings_12m: float
    band: str | None

    @property
    def meets_earnings(self) -> bool:
        return self.earnings_12m >= self.min_earnings_12m

    def to_json(self) -> dict[str, Any]:
        return {
            "badge": None if self.badge is None else self.badge.value,
            "holds_top_rated": self.holds_top_rated,
            "rule_for": self.rule_for.value,
            "line": self.line,
            "weeks_needed": self.weeks_needed,
            "weeks_of": self.weeks_of,
            "weeks_below_allowed": self.weeks_of - self.weeks_needed,
            "likely_at_line": self.likely_at_line,
            "worst_at_line": self.worst_at_line,
            "earnings_12m": round(self.earnings_12m, 2),
            "earnings_12m_known": self.earnings_12m_known,
            "min_earnings_12m": self.min_earnings_12m,
            "meets_earnings": self.meets_earnings,
            "band": self.band,
        }


def badge_effects(
    situation: Situation, figures: Figures, board: Board, *, history_unlisted: bool
) -> BadgeEffects:
    """Top Rated line and weeks, 12-month earnings, and the score band wording."""
    badge = situation.freelancer.badge
    rule = next((r for r in BADGE_RULES if r.badge is badge), BADGE_RULES[0])
    earned, known = earnings_12m(situation, board)
    line = rule.min_jss or TARGET_JSS

    def at_line(value: float | None) -> bool | None:
        return None if value is None else value >= line

    return BadgeEffects(
        badge,
        badge in (Badge.TOP_RATED, Badge.TOP_RATED_PLUS),
        rule.badge,
        line,
        rule.weeks_needed,
        rule.weeks_of,
        at_line(figures.likely),
        at_line(figures.worst),
        earned,
        known and not history_unlisted,
        rule.min_earnings_12m,
        None if figures.likely is None else score_wording(figures.likely),
    )


_KIND = {k: k.name.lower() for k in Kind}


class ContractRow(NamedTuple):
    """One contract as the insights page would list it: its reading, weight and windows.

    A named tuple: one is built per contract of every answer, several times cheaper
    than a frozen dataclass, and as immutable."""

    contract: int
    client: str
    best: str
    likely: str
    worst: str
    weight: float
    reason: str
    counts_in: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "client": self.client,
            "best": self.best,
            "likely": self.likely,
            "worst": self.worst,
            "weight": self.weight,
            "reason": self.reason,
            "counts_in": list(self.counts_in),
        }


def contract_rows(views: Sequence[View], board: Board) -> list[ContractRow]:
    """Per contract: reading in best/likely/worst, weight, windows (like the insights page)."""
    windows = board.ruleset.windows
    # Windows are nested, longest first: a contract counts in the first `depth` of them.
    counts_in = {ref: windows[: board.depth(ref)] for ref in {v.ref for v in views}}
    return [
        ContractRow(
            v.index + 1,
            v.client,
            _KIND[v.kinds[BEST]],
            _KIND[v.kinds[LIKELY]],
            _KIND[v.kinds[WORST]],
            v.weights[LIKELY],
            v.reason,
            counts_in[v.ref],
        )
        for v in views
    ]


@dataclass(frozen=True)
class EraInfo:
    """Which rules were applied."""

    id: str
    title: str
    start: date
    source: str
    windows: tuple[int, ...]
    trending: bool
    min_outcomes: int
    min_clients: int
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "from": self.start.isoformat(),
            "source": self.source,
            "windows": list(self.windows),
            "trending": self.trending,
            "min_outcomes": self.min_outcomes,
            "min_clients": self.min_clients,
            "note": self.note,
        }


def era_info(ruleset: RuleSet) -> EraInfo:
    """Which rules were applied."""
    return EraInfo(
        ruleset.id,
        ruleset.title,
        ruleset.start,
        ruleset.source.value,
        ruleset.windows,
        ruleset.trending,
        ruleset.min_outcomes,
        ruleset.min_clients,
        ruleset.note,
    )


@dataclass(frozen=True)
class Derived:
    """Every derived figure of one answer."""

    era: EraInfo
    update_cadence: str
    next_update: date
    to_90: TargetNeed
    negatives_leave: tuple[NegativeLeaving, ...]
    badge: BadgeEffects
    contracts: tuple[ContractRow, ...]
    recovery: tuple[Recovery, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "era": self.era.to_json(),
            "update_cadence": self.update_cadence,
            "next_update": self.next_update.isoformat(),
            "to_90": self.to_90.to_json(),
            "negatives_leave": [n.to_json() for n in self.negatives_leave],
            "badge": self.badge.to_json(),
            "contracts": [row.to_json() for row in self.contracts],
            "recovery": [r.to_json() for r in self.recovery],
        }


def build_derived(
    situation: Situation,
    ruleset: RuleSet,
    as_of: date,
    views: Sequence[View],
    board: Board,
    figures: Figures,
    *,
    history_unlisted: bool = False,
    recovered: tuple[Recovery, ...] = (),
) -> Derived:
    """The derived figures of an answer. `board` must include every contract (and the
    unlisted history, when the member's score stands for it)."""
    return Derived(
        era_info(ruleset),
        ruleset.cadence.value,
        next_update(ruleset, as_of),
        to_target(board.tallies[LIKELY], ruleset, TARGET_JSS),
        tuple(negatives_leaving(views, ruleset, board)),
        badge_effects(situation, figures, board, history_unlisted=history_unlisted),
        tuple(contract_rows(views, board)),
        recovered,
    )
