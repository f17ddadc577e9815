"""Derived figures (JSS_MODEL section 4 and 6): all `derived`-labelled arithmetic.

Everything here goes into `Answer.derived`, a JSON-ready dict: dates as ISO
strings, window lengths as string keys ("24", "12", ...).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from advice.estimate import Board, Figures
from advice.outcomes import BEST, LIKELY, WORST, View, effective_earnings
from advice.rulesets import RuleSet, next_update
from advice.situation import Badge, Situation
from advice.tables import (
    BADGE_RULES,
    TARGET_JSS,
    WEIGHT_BANDS,
    Kind,
    score_wording,
)
from advice.windows import Tally, leaves_window


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


def to_target(tallies: Sequence[Tally], ruleset: RuleSet, target_pct: int) -> dict[str, Any]:
    """Positive weight (and jobs) needed for the shown score to reach `target_pct`.

    Assumes the windows qualify; a new job counts in every window at once.
    """
    t = target_pct / 100
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
    return {
        "target": target_pct,
        "by_window": by_window,
        "weight": needed,
        "jobs_over_1000": math.ceil(needed / WEIGHT_BANDS[-1].weight - 1e-9),
        "jobs_up_to_250": math.ceil(needed / WEIGHT_BANDS[0].weight - 1e-9),
    }


def negatives_leaving(
    views: Sequence[View], ruleset: RuleSet, board: Board
) -> list[dict[str, Any]]:
    """For each likely-negative outcome: when it leaves each window (length + 1 day)."""
    out = []
    for view in views:
        if view.kinds[LIKELY] is not Kind.NEGATIVE:
            continue
        member = board.member(view.ref)
        out.append(
            {
                "contract": view.index + 1,
                "client": view.client,
                "ended": view.ref.isoformat(),
                "weight": view.weights[LIKELY],
                "counts_in": [
                    m for m, inside in zip(ruleset.windows, member, strict=True) if inside
                ],
                "leaves": {str(m): leaves_window(view.ref, m).isoformat() for m in ruleset.windows},
            }
        )
    return out


def earnings_12m(situation: Situation, board: Board) -> tuple[float, bool]:
    """Earnings on contracts dated within 12 months (approximate), and whether all known."""
    index = board.ruleset.windows.index(12)
    total, known = 0.0, True
    for contract in situation.contracts:
        ref = contract.end or contract.last_payment or contract.start or board.as_of
        if not board.member(ref)[index]:
            continue
        earned = effective_earnings(contract)
        if earned is None:
            known = False
        else:
            total += earned
    return total, known


def badge_effects(situation: Situation, figures: Figures, board: Board) -> dict[str, Any]:
    """Top Rated line and weeks, 12-month earnings, and the score band wording."""
    badge = situation.freelancer.badge
    rule = next((r for r in BADGE_RULES if r.badge is badge), BADGE_RULES[0])
    earned, known = earnings_12m(situation, board)
    line = rule.min_jss or TARGET_JSS

    def at_line(value: float | None) -> bool | None:
        return None if value is None else value >= line

    return {
        "badge": None if badge is None else badge.value,
        "holds_top_rated": badge in (Badge.TOP_RATED, Badge.TOP_RATED_PLUS),
        "rule_for": rule.badge.value,
        "line": line,
        "weeks_needed": rule.weeks_needed,
        "weeks_of": rule.weeks_of,
        "weeks_below_allowed": rule.weeks_of - rule.weeks_needed,
        "likely_at_line": at_line(figures.likely),
        "worst_at_line": at_line(figures.worst),
        "earnings_12m": round(earned, 2),
        "earnings_12m_known": known,
        "min_earnings_12m": rule.min_earnings_12m,
        "meets_earnings": earned >= rule.min_earnings_12m,
        "band": None if figures.likely is None else score_wording(figures.likely),
    }


_KIND = {k: k.name.lower() for k in Kind}


def contract_rows(views: Sequence[View], board: Board) -> list[dict[str, Any]]:
    """Per contract: reading in best/likely/worst, weight, windows (like the insights page)."""
    windows = board.ruleset.windows
    counts_in: dict[tuple[bool, ...], list[int]] = {}
    for member in {board.member(v.ref) for v in views}:
        counts_in[member] = [m for m, inside in zip(windows, member, strict=True) if inside]
    return [
        {
            "contract": v.index + 1,
            "client": v.client,
            "best": _KIND[v.kinds[BEST]],
            "likely": _KIND[v.kinds[LIKELY]],
            "worst": _KIND[v.kinds[WORST]],
            "weight": v.weights[LIKELY],
            "reason": v.reason,
            "counts_in": list(counts_in[board.member(v.ref)]),
        }
        for v in views
    ]


def era_info(ruleset: RuleSet) -> dict[str, Any]:
    """Which rules were applied and when the score next updates under them."""
    return {
        "id": ruleset.id,
        "title": ruleset.title,
        "from": ruleset.start.isoformat(),
        "source": ruleset.source.value,
        "windows": list(ruleset.windows),
        "trending": ruleset.trending,
        "min_outcomes": ruleset.min_outcomes,
        "min_clients": ruleset.min_clients,
        "note": ruleset.note,
    }


def build_derived(
    situation: Situation,
    ruleset: RuleSet,
    as_of: date,
    views: Sequence[View],
    board: Board,
    figures: Figures,
) -> dict[str, Any]:
    """The whole `derived` dict of the answer. `board` must include every contract."""
    return {
        "era": era_info(ruleset),
        "update_cadence": ruleset.cadence.value,
        "next_update": next_update(ruleset, as_of).isoformat(),
        "to_90": to_target(board.tallies[LIKELY], ruleset, TARGET_JSS),
        "negatives_leave": negatives_leaving(views, ruleset, board),
        "badge": badge_effects(situation, figures, board),
        "contracts": contract_rows(views, board),
    }
