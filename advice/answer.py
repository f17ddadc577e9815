"""What the engine answers: estimate, scenarios, advice. One stable JSON shape.

`Answer.to_json()` is the output contract of `jss-helper advise --json`; chat
replies and the case log are built from the same objects, so keep field names
stable and add rather than rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from advice.situation import Situation, situation_to_data


class SourceLabel(StrEnum):
    OFFICIAL = "official"
    OLD_OFFICIAL = "old-official"
    COMMUNITY = "community"
    DERIVED = "derived"


@dataclass(frozen=True)
class MissingFact:
    """A fact the member did not give that would change the answer, asked as a question."""

    key: str
    question: str


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
class Estimate:
    """The score as it would show: best / likely / worst over the unknowns (percent)."""

    shown: bool
    best: float | None
    likely: float | None
    worst: float | None
    unweighted: float | None
    windows: tuple[WindowResult, ...]
    assumptions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "shown": self.shown,
            "best": _pct(self.best),
            "likely": _pct(self.likely),
            "worst": _pct(self.worst),
            "unweighted": _pct(self.unweighted),
            "windows": [window.to_json() for window in self.windows],
            "assumptions": list(self.assumptions),
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

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "title": self.title,
            "available": self.available,
            "best": _pct(self.best),
            "likely": _pct(self.likely),
            "worst": _pct(self.worst),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class AdviceItem:
    """One ranked piece of advice with the reason it applies and where it comes from."""

    id: str
    title: str
    why: str
    source: SourceLabel
    reference: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
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
    derived: dict[str, Any] = field(default_factory=dict)
    caveat: str = ""

    def to_json(self) -> dict[str, Any]:
        """The stable JSON object of the output contract."""
        situation = situation_to_data(self.situation)
        return {
            "ruleset": self.ruleset,
            "as_of": self.as_of.isoformat(),
            "situation": situation,
            "missing": [fact.question for fact in self.missing],
            "missing_keys": [fact.key for fact in self.missing],
            "estimate": self.estimate.to_json(),
            "scenarios": [scenario.to_json() for scenario in self.scenarios],
            "advice": [item.to_json() for item in self.advice],
            "derived": self.derived,
            "caveat": self.caveat,
        }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
