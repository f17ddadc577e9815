"""What the engine answers: estimate, scenarios, advice. One stable JSON shape.

`Answer.to_json()` is the output contract of `jss-helper advise --json`; chat
replies and the case log are built from the same objects, so keep field names
stable and add rather than rename.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from advice.situation import QuestionKind, Situation, situation_to_data

if TYPE_CHECKING:  # built from the engine's tallies, which use this module's types
    from advice.baseline import Baseline
    from advice.derived import Derived
    from advice.spread import Spread


class SourceLabel(StrEnum):
    OFFICIAL = "official"
    OLD_OFFICIAL = "old-official"
    COMMUNITY = "community"
    DERIVED = "derived"


@dataclass(frozen=True)
class Choice:
    """One answer a member can pick: what it says, the value it sets, and how the next
    answer says back what it learnt ("it is still open")."""

    label: str
    value: str
    said: str = ""


@dataclass(frozen=True)
class MissingFact:
    """A fact the member did not give that would change the answer, asked as a question;
    with `choices`, a pick sets it (advice/askable.py), else it is answered in words."""

    key: str
    question: str
    choices: tuple[Choice, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "question": self.question,
            "choices": [{"label": c.label, "value": c.value} for c in self.choices],
        }


@dataclass(frozen=True)
class WindowResult:
    """One look-back window: weights of outcomes and the scores they give."""

    months: int
    positive: float
    negative: float
    total: float
    outcomes: int
    clients: int
    qualifies: bool
    likely: float | None
    pessimistic: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "months": self.months,
            "positive": round(self.positive, 4),
            "negative": round(self.negative, 4),
            "total": round(self.total, 4),
            "outcomes": self.outcomes,
            "clients": self.clients,
            "qualifies": self.qualifies,
            "likely": _pct(self.likely),
            "pessimistic": _pct(self.pessimistic),
        }


@dataclass(frozen=True)
class Change:
    """Best / likely / worst as points up or down from the score the answer starts from."""

    best: float | None
    likely: float | None
    worst: float | None

    def to_json(self) -> dict[str, Any]:
        return {"best": _pct(self.best), "likely": _pct(self.likely), "worst": _pct(self.worst)}


@dataclass(frozen=True)
class Estimate:
    """The score as it would show: best / likely / worst over the unknowns (percent)."""

    shown: bool
    best: float | None
    likely: float | None
    worst: float | None
    unweighted: float | None
    windows: tuple[WindowResult, ...]
    assumptions: tuple[str, ...] = ()
    change: Change | None = None
    """None when there is no score to start from (none stated, none computed)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "shown": self.shown,
            "best": _pct(self.best),
            "likely": _pct(self.likely),
            "worst": _pct(self.worst),
            "unweighted": _pct(self.unweighted),
            "windows": [window.to_json() for window in self.windows],
            "assumptions": list(self.assumptions),
            "change": None if self.change is None else self.change.to_json(),
        }


@dataclass(frozen=True)
class Scenario:
    """One action open to the member and the score it would lead to."""

    action: str
    title: str
    best: float | None
    likely: float | None
    worst: float | None
    notes: tuple[str, ...] = ()
    available: bool = True
    lands_on: date | None = None
    """The biweekly update the action shows in (None in the daily era, or not said)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "title": self.title,
            "available": self.available,
            "best": _pct(self.best),
            "likely": _pct(self.likely),
            "worst": _pct(self.worst),
            "notes": list(self.notes),
            "lands_on": None if self.lands_on is None else self.lands_on.isoformat(),
        }


@dataclass(frozen=True)
class AdviceItem:
    """One ranked piece of advice with the reason it applies and where it comes from."""

    id: str
    title: str
    why: str
    source: SourceLabel
    reference: str
    short: str = ""
    """What to do, in one line for a chat answer; `why` is the full reason."""
    rank: int = 0
    """How urgent it is here: its priority, raised when it answers what was asked."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "short": self.short,
            "rank": self.rank,
            "why": self.why,
            "source": self.source.value,
            "reference": self.reference,
        }


@dataclass(frozen=True)
class Answer:
    """The engine's whole answer to one situation."""

    ruleset: str
    as_of: date
    situation: Situation
    missing: tuple[MissingFact, ...]
    estimate: Estimate
    scenarios: tuple[Scenario, ...]
    advice: tuple[AdviceItem, ...]
    derived: Derived
    question_kind: QuestionKind
    baseline: Baseline
    spread: Spread
    headline: str
    headline_covers: str | None = None
    """The advice whose point the headline already makes: a chat answer says it once."""
    corrections: tuple[str, ...] = ()
    """Facts the member gave that cannot hold on the date; dropped, and said first."""
    caveat: str = ""

    def to_json(self) -> dict[str, Any]:
        """The stable JSON object of the output contract."""
        situation = situation_to_data(self.situation)
        return {
            "ruleset": self.ruleset,
            "as_of": self.as_of.isoformat(),
            "question": {"kind": self.question_kind.value},
            "headline": self.headline,
            "headline_covers": self.headline_covers,
            "corrections": list(self.corrections),
            "baseline": self.baseline.to_json(),
            "situation": situation,
            "missing": [fact.question for fact in self.missing],
            "missing_keys": [fact.key for fact in self.missing],
            "questions": [fact.to_json() for fact in self.missing],
            "estimate": self.estimate.to_json(),
            "spread": {
                "width": _pct(self.spread.width),
                "driver": None if self.spread.driver is None else self.spread.driver.value,
            },
            "scenarios": [scenario.to_json() for scenario in self.scenarios],
            "advice": [item.to_json() for item in self.advice],
            "derived": self.derived.to_json(),
            "caveat": self.caveat,
        }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
