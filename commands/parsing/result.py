"""What the parser hands back: the situation read, what to ask, what was read and not read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from advice.answer import MissingFact
from advice.situation import Situation, SituationError, situation_from_data


class ParseError(ValueError):
    """The text cannot be turned into a situation; the message is meant for the member."""


def checked_situation(data: dict[str, Any]) -> Situation:
    """The situation read, or a `ParseError` saying why it cannot be true."""
    try:
        return situation_from_data(data)
    except SituationError as error:
        raise ParseError(
            "That situation cannot be right: " + "; ".join(error.problems) + "."
        ) from None


@dataclass(frozen=True)
class ParseResult:
    """A parsed situation plus the conversation around it.

    `missing` holds questions for facts that would change the answer, `understood`
    short lines saying what was read (so the member can spot a misreading), and
    `unread` short, neutralised fragments the parser could not place.
    """

    situation: Situation
    missing: tuple[MissingFact, ...] = ()
    understood: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()
    source: Literal["text", "notation"] = "text"
