"""What drives the spread between the best and the worst figure, and which question narrows it.

Each unknown the member could answer is pinned in turn to its likely value and the
estimate read again; the one whose answer narrows the spread most is named in the
answer, and its question is asked first (JSS_MODEL section 9: "a spread that means
something").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from advice.basis import Basis, settled
from advice.estimate import Figures
from advice.outcomes import LIKELY, View
from advice.situation import Contract, FeedbackStatus
from advice.tables import Kind

SPREAD_TO_NAME = 20.0
"""Best and worst further apart than this many points: the answer names the cause."""


class Unknown(StrEnum):
    """An unknown behind the spread; all but `HIDDEN` the member settles with one answer."""

    HISTORY = "history"
    """How many jobs stand behind the score they state."""
    FEEDBACK = "feedback"
    """What the client of the contract in question will leave."""
    EARNINGS = "earnings"
    """What the contract in question earned (its weight)."""
    HIDDEN = "hidden"
    """What the member cannot see: private feedback, and how harshly negatives are read."""


ASKABLE = frozenset({Unknown.HISTORY, Unknown.FEEDBACK, Unknown.EARNINGS})


@dataclass(frozen=True)
class Spread:
    """Best minus worst in points, and the askable unknown that narrows it most."""

    width: float | None
    driver: Unknown | None = None

    @property
    def wide(self) -> bool:
        return self.width is not None and self.width > SPREAD_TO_NAME


def _width(figures: Figures) -> float | None:
    if figures.best is None or figures.worst is None:
        return None
    return figures.best - figures.worst


Pin = tuple[Unknown, Basis, View | None]


def _pins(basis: Basis, view: View | None, contract: Contract | None) -> list[Pin]:
    """Each unknown with the estimate's inputs once it is known."""
    pins: list[Pin] = []
    if basis.spread:
        pins.append((Unknown.HISTORY, basis.without_spread(), view))
    if basis.doubts:
        pins.append((Unknown.HIDDEN, basis.trusting(), view))
    if view is None or contract is None:
        return pins
    expected_unsaid = contract.feedback is FeedbackStatus.PENDING and contract.expected is None
    if expected_unsaid and not contract.is_open and len(set(view.kinds)) > 1:
        pins.append((Unknown.FEEDBACK, basis, settled(view, view.kinds[LIKELY])))
    if view.weight is not None and not view.weight.known:
        mid = view.weight.mid
        b, li, wo = (0.0 if k is Kind.EXCLUDED else mid for k in view.kinds)
        pins.append((Unknown.EARNINGS, basis, replace(view, weights=(b, li, wo))))
    return pins


UNASKABLE_MARGIN = SPREAD_TO_NAME / 4
"""An unknown nobody can answer is named over one the member can answer only when it
narrows the spread by this many points more."""


def spread_of(
    figures: Figures, basis: Basis, view: View | None, contract: Contract | None
) -> Spread:
    """How wide the estimate is and which unknown narrows it most: an answer the member
    can give wins over one nobody can, unless that one narrows it clearly more."""
    width = _width(figures)
    if not width:
        return Spread(width)
    narrowed: dict[Unknown, float] = {}
    for unknown, pinned, pinned_view in _pins(basis, view, contract):
        left = _width(pinned.figures(pinned_view))
        if left is not None and left < width:
            narrowed[unknown] = left
    askable = [(left, u) for u, left in narrowed.items() if u in ASKABLE]
    hidden = narrowed.get(Unknown.HIDDEN)
    best = min(askable, default=None)
    if hidden is not None and (best is None or hidden < best[0] - UNASKABLE_MARGIN):
        return Spread(width, Unknown.HIDDEN)
    return Spread(width, None if best is None else best[1])
