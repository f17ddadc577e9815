"""Blurring a situation for the case log: amounts, dates and client names made vague.

Amounts keep two significant figures, dates fall to the Monday of their week,
client labels (which members often write as the client's name) become A, B, C.
Strings that are not one of the situation model's enum values are dropped, so a
free-text field added to the model later cannot leak into the log unnoticed.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any

from advice.situation import (
    Badge,
    FeedbackStatus,
    Intent,
    Pay,
    QuestionKind,
    Sentiment,
    Situation,
    Status,
    client_label,
    situation_to_data,
)

# Strings in a situation that may be kept verbatim: the values of the model's
# enums. Any other string (a future free-text field) is dropped rather than
# risk storing words a member typed.
_ENUM_VALUES = frozenset(
    member.value
    for enum in (Badge, Status, Pay, FeedbackStatus, Sentiment, Intent, QuestionKind)
    for member in enum
)
# Amounts, and the size of a member's history, keep two significant figures.
_ROUNDED_KEYS = frozenset({"earnings", "jobs"})
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def week_of(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def coarsen_amount(value: float) -> float | int:
    """Two significant figures: $5,613.27 -> 5600, $12.49 -> 12, $0.734 -> 0.73."""
    if value == 0 or not math.isfinite(value):
        return 0
    rounded = float(f"{value:.2g}")
    return int(rounded) if rounded >= 10 else rounded


def coarsen_situation(situation: Situation) -> dict[str, Any]:
    """The situation as JSON data with every identifying detail blurred."""
    data = situation_to_data(situation)
    letters: dict[str, str] = {}
    for contract in data.get("contracts", []):
        label = contract.get("client")
        if isinstance(label, str):
            contract["client"] = letters.setdefault(label, client_label(len(letters)))
    coarsened = _coarsen_value(data, key="")
    assert isinstance(coarsened, dict)
    return coarsened


def _coarsen_value(value: Any, key: str) -> Any:
    """Walk the data: amounts rounded, dates to Mondays, unknown strings dropped."""
    if isinstance(value, dict):
        return {name: _coarsen_value(item, name) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [_coarsen_value(item, key) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return coarsen_amount(float(value)) if key in _ROUNDED_KEYS else value
    if isinstance(value, str):
        if key == "client":
            return value  # already replaced by its letter in coarsen_situation
        if ISO_DATE_RE.match(value):
            return week_of(date.fromisoformat(value)).isoformat()
        return value if value in _ENUM_VALUES else None
    return None
