"""The Top Rated feedback-removal perk (2016-06 to 2024-09-03): what stands in the way of it.

One reading of the perk's rules, used by the scenario of using it and by the advice
about it, so both say the same.
"""

from __future__ import annotations

from datetime import date

from advice.rulesets import PERK_PHASED_OUT, RULESETS, RuleSet
from advice.situation import Freelancer
from advice.tables import PERK_BADGES
from advice.windows import add_months

PERK_START = next(r.start for r in RULESETS if r.perk_available)


def perk_blockers(ruleset: RuleSet, freelancer: Freelancer, as_of: date) -> list[str]:
    """Why the member cannot use the perk on `as_of`, one reason a line; empty when they can."""
    rs, fl = ruleset, freelancer
    if not rs.perk_available:
        if as_of >= PERK_PHASED_OUT:
            return [
                f"the Top Rated feedback-removal perk was phased out on {PERK_PHASED_OUT}; "
                "only feedback that violates the Terms of Service can be removed "
                "(Report feedback)"
            ]
        return [f"the perk did not exist before {PERK_START:%Y-%m}"]
    blockers = []
    if fl.badge not in PERK_BADGES:
        said = "not said" if fl.badge is None else fl.badge.value
        blockers.append(f"only Top Rated freelancers had the perk (badge: {said})")
    if fl.perk_last_used is not None:
        ready = add_months(fl.perk_last_used, rs.perk_gap_months)
        if as_of < ready:
            blockers.append(
                f"not eligible until {ready}: {rs.perk_gap_months} months after the last "
                f"use on {fl.perk_last_used}"
            )
        done = fl.completed_since_perk
        if done is None or done < rs.perk_contracts_between:
            have = "an unknown number" if done is None else str(done)
            blockers.append(
                f"needs {rs.perk_contracts_between} completed contracts since the last use "
                f"({have} so far)"
            )
    return blockers
