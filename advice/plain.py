"""A contract as the estimate reads it: a plain slotted copy of the validated `Contract`.

Classifying a contract reads its fields a few dozen times, and every read of a pydantic
model goes through Python's slow attribute path (the model defines `__getattr__`).
The engine copies each contract once into a `PlainContract` and classifies that; the
pydantic `Contract` stays the validated input and whatever leaves the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from operator import itemgetter

from advice.situation import Contract, FeedbackStatus, Pay, Sentiment, Status

_OPEN, _ENDED = Status.OPEN, Status.ENDED


@dataclass(slots=True)
class PlainContract:
    """The fields of `Contract`, same names and meaning, unvalidated: never changed after
    it is made (changed copies are new objects), but not frozen, since a frozen
    dataclass is several times slower to make."""

    client: str
    earnings: float | None
    status: Status
    pay: Pay
    start: date | None
    end: date | None
    last_payment: date | None
    paid_months: int | None
    feedback: FeedbackStatus
    stars: float | None
    private_rating: int | None
    private_sentiment: Sentiment | None
    expected: Sentiment | None
    refunded: bool
    disputed: bool
    client_suspended: bool
    feedback_removed: bool
    in_question: bool

    @property
    def is_open(self) -> bool:
        return self.status is _OPEN

    @property
    def may_be_open(self) -> bool:
        """Open, or not said: the actions of an open contract may still be taken."""
        return self.status is not _ENDED


# A pydantic model keeps its field values in its __dict__: read them there by name, in one
# C call, rather than one slow attribute read each.
_VALUES = itemgetter(*(f.name for f in fields(PlainContract)))


def plain(contract: Contract) -> PlainContract:
    """The plain copy of `contract`."""
    return PlainContract(*_VALUES(contract.__dict__))
