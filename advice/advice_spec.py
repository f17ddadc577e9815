"""The shape of one piece of advice: when it applies, how urgent it is, what it says per era.

A wording is what the advice says under the rules it names (`rules`: fields of the
rule set and the values they must have), so a 2019 answer explains a $0 contract with
the 2019 rule and the 2019 source; a row with no wording for an era is not given in
it. `short` is the one line of the chat answer, `why` the full reason behind Details.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from advice.answer import SourceLabel
from advice.conditions import Condition
from advice.rulesets import Cadence, RuleSet
from advice.situation import Intent, QuestionKind

INTENT_BOOST = 15
"""Extra rank for advice about what the member explicitly asked."""
KIND_BOOST = 40
"""Extra rank for advice that answers the kind of question asked."""

OFFICIAL, OLD, COMMUNITY, DERIVED = (
    SourceLabel.OFFICIAL,
    SourceLabel.OLD_OFFICIAL,
    SourceLabel.COMMUNITY,
    SourceLabel.DERIVED,
)


@dataclass(frozen=True, slots=True)
class Wording:
    """What one piece of advice says under the rules named in `rules`."""

    title: str
    short: str
    why: str
    source: SourceLabel
    reference: str
    rules: Mapping[str, object] = field(default_factory=dict)
    priority: int | None = None
    """How urgent it is under these rules, when that differs from the row's priority."""

    def fits(self, ruleset: RuleSet) -> bool:
        return all(getattr(ruleset, name) == value for name, value in self.rules.items())


@dataclass(frozen=True, slots=True)
class AdviceSpec:
    """One row of the catalogue: its id, when it applies, its rank, and its wordings; it
    ranks higher when the member asked about one of `intents` or asks a question of one
    of `kinds`."""

    id: str
    applies: Condition
    priority: int
    wordings: tuple[Wording, ...]
    intents: frozenset[Intent] = frozenset()
    kinds: frozenset[QuestionKind] = frozenset()


def kinds(*asked: QuestionKind) -> frozenset[QuestionKind]:
    return frozenset(asked)


def intents(*asked: Intent) -> frozenset[Intent]:
    return frozenset(asked)


TOS = "Upwork Terms of Service; Help Center 'Feedback Removal'"
JSS = "Help Center 'Job Success Score' (34958134307475)"
FACTORS = "Help Center 'What factors affect my Job Success Score' (38439816969875)"
CHANGE = "Help Center 'Why did my JSS change' (115006097327)"
OLD_RULES = {"no_feedback_excluded": False}
"""Eras when contracts ended without feedback, or long inactive, could count against you."""
NEW_RULES = {"no_feedback_excluded": True}
"""Eras when a contract that ends without feedback does not count at all."""
BIWEEKLY = {"cadence": Cadence.BIWEEKLY_SUNDAY}
"""Eras when the score was recomputed every two weeks, on Sundays."""
