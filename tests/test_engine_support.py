"""Builders shared by the engine tests (no tests here).

Situations go through `situation_from_data`, the same door the parser and the
JSON input use, so every test situation is a valid one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from advice.situation import Situation, situation_from_data


def ended(
    client: str,
    earnings: float | None,
    end: date,
    *,
    stars: float | None = 5.0,
    sentiment: str | None = None,
    feedback: str = "given",
    **extra: Any,
) -> dict[str, Any]:
    """An ended contract; by default paid with 5 public stars."""
    data: dict[str, Any] = {
        "client": client,
        "earnings": earnings,
        "status": "ended",
        "end": end.isoformat(),
        "feedback": feedback,
    }
    if feedback == "given":
        if stars is not None:
            data["stars"] = stars
        if sentiment is not None:
            data["private_sentiment"] = sentiment
    data.update(extra)
    return data


def positive(client: str, earnings: float, end: date, **extra: Any) -> dict[str, Any]:
    """Paid, 5 public stars and a private 10: positive with nothing hidden."""
    return ended(client, earnings, end, stars=5.0, private_rating=10, **extra)


def negative(client: str, earnings: float, end: date, **extra: Any) -> dict[str, Any]:
    """Paid, poor public stars and a private 2: negative with nothing hidden."""
    return ended(client, earnings, end, stars=2.0, private_rating=2, **extra)


def zero_negative(client: str, end: date) -> dict[str, Any]:
    """$0 earned with negative private feedback (public stars need $1 paid)."""
    return ended(client, 0, end, stars=None, sentiment="negative")


def situation(
    contracts: list[dict[str, Any]],
    as_of: date,
    *,
    freelancer: dict[str, Any] | None = None,
    events: dict[str, Any] | None = None,
    intents: list[str] | None = None,
) -> Situation:
    return situation_from_data(
        {
            "freelancer": freelancer or {},
            "contracts": contracts,
            "events": events or {},
            "intents": intents or [],
            "as_of": as_of.isoformat(),
        }
    )


def days_before(day: date, days: int) -> date:
    return day - timedelta(days=days)
