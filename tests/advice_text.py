"""What the catalogue says, for tests that check an answer carries a piece of advice
without copying its wording."""

from __future__ import annotations

from advice.catalogue import CATALOGUE


def short(advice_id: str) -> str:
    """The chat-sized wording of one piece of advice (its first era's)."""
    (spec,) = (spec for spec in CATALOGUE if spec.id == advice_id)
    return spec.wordings[0].short
