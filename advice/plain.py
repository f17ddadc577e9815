"""A contract as the estimate reads it: a plain copy of the validated `Contract`.

Classifying a contract reads its fields a few dozen times, and every read of a pydantic
model goes through Python's slow attribute path (the model defines `__getattr__`).
The engine copies each contract once into a `PlainContract` and classifies that; the
pydantic `Contract` stays the validated input and whatever leaves the engine.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from advice.situation import Contract, FeedbackStatus, Pay, Sentiment, Status

_OPEN, _ENDED = Status.OPEN, Status.ENDED


class PlainContract:
    """The fields of `Contract`, same names and meaning, in a plain instance dictionary:
    copied from the model's in one C call (a slotted copy takes twice as long to make)
    and read as fast as slots. Never changed once made: `changed` makes a changed copy."""

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

    def changed(self, **changes: Any) -> PlainContract:
        """A copy with `changes` made (field names of `Contract`), unvalidated like
        `Contract.model_copy(update=...)`."""
        copy = object.__new__(PlainContract)
        copy.__dict__.update(self.__dict__, **changes)
        return copy


def plain(contract: Contract) -> PlainContract:
    """The plain copy of `contract`."""
    copy = object.__new__(PlainContract)
    # A pydantic model keeps exactly its field values in its __dict__.
    copy.__dict__.update(contract.__dict__)
    return copy
