"""The kind of question a member asks, when the reader could not tell it from the words.

The reader sets `Situation.question` from how the member asks ("why did it drop?",
"how do I get back above 90?"). When it is not set, the facts suggest it: a drop
they report asks why; an off-platform offer asks whether it is allowed. The first
rule of `RULES` that holds gives the kind.
"""

from __future__ import annotations

from collections.abc import Callable

from advice.situation import Contract, Intent, QuestionKind, Situation
from advice.tables import TARGET_JSS

Rule = Callable[[Situation], bool]


def offered_off_platform(s: Situation) -> bool:
    return s.events.off_platform_offer


def reports_a_drop(s: Situation) -> bool:
    fl = s.freelancer
    return (
        fl.previous_jss is not None and fl.shown_jss is not None and fl.previous_jss > fl.shown_jss
    )


def wants_it_back(s: Situation) -> bool:
    below = s.freelancer.shown_jss is not None and s.freelancer.shown_jss < TARGET_JSS
    return Intent.RECOVER in s.intents or (Intent.REACH_TOP_RATED in s.intents and below)


def asks_about_the_perk(s: Situation) -> bool:
    return bool({Intent.USE_PERK, Intent.REMOVE_FEEDBACK} & set(s.intents))


def under_threat(s: Situation) -> bool:
    """A contract under a threat: what it would do comes before any wish for the badge."""
    in_question = s.in_question is not None
    return in_question and (s.events.threat_of_bad_feedback or s.events.unpaid_scope_demand)


def asks_for_the_badge_or_a_score(s: Situation) -> bool:
    return Intent.REACH_TOP_RATED in s.intents or s.freelancer.has_score is False


def asks_about_a_contract(s: Situation) -> bool:
    return bool(s.contracts) or bool(s.intents)


RULES: tuple[tuple[QuestionKind, Rule], ...] = (
    (QuestionKind.TERMS, offered_off_platform),
    (QuestionKind.DIAGNOSIS, reports_a_drop),
    (QuestionKind.RECOVERY, wants_it_back),
    (QuestionKind.TERMS, asks_about_the_perk),
    (QuestionKind.IMPACT, under_threat),
    (QuestionKind.ELIGIBILITY, asks_for_the_badge_or_a_score),
    (QuestionKind.IMPACT, asks_about_a_contract),
)


def question_kind(situation: Situation) -> QuestionKind:
    """The kind of question: as read from the member's words, else from the facts."""
    if situation.question is not None:
        return situation.question
    return next((kind for kind, holds in RULES if holds(situation)), QuestionKind.OTHER)


# The kinds whose question is what the contract in question will do to the score: their
# estimate is the score once it lands. The others (can I? when? am I eligible?) answer
# from the score as it is today; what each action would do stays in the scenarios.
ASKS_WHAT_IT_DOES: frozenset[QuestionKind] = frozenset(
    {QuestionKind.IMPACT, QuestionKind.DIAGNOSIS, QuestionKind.RECOVERY, QuestionKind.OTHER}
)


def asks_about_its_end(situation: Situation, question: Contract, kind: QuestionKind) -> bool:
    """Whether the question is what the open contract in question does once it ends: the
    member asks about ending it ("if I end it now, do I drop?"), or foresees its feedback
    ("he'll leave a bad review"). Then the estimate is the contract ended today (with the
    feedback likely to come), not the contract as it stands."""
    if kind not in ASKS_WHAT_IT_DOES or not question.may_be_open:
        return False
    return Intent.END_CONTRACT in situation.intents or question.expected is not None
