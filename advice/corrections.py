"""Facts that cannot hold on the date of the answer: corrected and said, never refused.

A member who writes "I used the perk last month" today is mistaken about the perk,
not asking an impossible question: the fact is dropped, the answer says why at its
top, and the rest is answered (JSS_MODEL section 9).
"""

from __future__ import annotations

from datetime import date

from advice.perk import PERK_START
from advice.rulesets import PERK_PHASED_OUT
from advice.situation import Intent, Situation


def _perk_problem(used: date, day: date) -> str | None:
    if used >= PERK_PHASED_OUT:
        return (
            f"The Top Rated feedback-removal perk ended on {PERK_PHASED_OUT}, so it cannot "
            f"have been used on {used}; I answered as if it was not used."
        )
    if used < PERK_START:
        return (
            f"The feedback-removal perk started in {PERK_START:%B %Y}, so it cannot have been "
            f"used on {used}; I answered as if it was not used."
        )
    if used > day:
        return f"The perk use on {used} is after {day}, the date I answer for; I left it out."
    return None


def corrected(situation: Situation, day: date) -> tuple[Situation, tuple[str, ...]]:
    """The situation with every fact that cannot hold on `day` dropped, and why, in words."""
    used = situation.freelancer.perk_last_used
    problem = None if used is None else _perk_problem(used, day)
    if problem is None:
        return situation, ()
    freelancer = situation.freelancer.model_copy(
        update={"perk_last_used": None, "completed_since_perk": None}
    )
    # The use is dropped, not the subject: the member speaks of the perk, and the advice
    # on what the perk is (or that it is gone) still answers them.
    intents = situation.intents
    if Intent.USE_PERK not in intents:
        intents = (*intents, Intent.USE_PERK)
    update = {"freelancer": freelancer, "intents": intents}
    return situation.model_copy(update=update), (problem,)
