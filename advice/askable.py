"""The facts an answer can ask about: the question, the choices, and what a choice sets.

One row per fact. The engine and the reader ask through `ask(key)`, so a fact is asked
in one wording everywhere; buttons and select menus show its choices; a choice sets
the fact directly (`answered`), with no words to read again. A fact without choices
is answered in words (a form, or a reply in the thread).

Keys name the fact and, for a contract's fact, the contract: `contract-2-earnings`,
`history-jobs`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from advice.answer import Choice, MissingFact
from advice.situation import (
    Badge,
    FeedbackStatus,
    Sentiment,
    Situation,
    SituationError,
    Status,
    situation_from_data,
)

Setter = Callable[[dict[str, Any], str, date], None]
"""Sets the fact in the situation's data (for a contract's fact, that contract's data)."""


class AnswerError(ValueError):
    """An answer that does not fit the question; the message says what would."""


@dataclass(frozen=True)
class Askable:
    """One fact the bot may ask about."""

    question: str
    """The question; `{who}` is "this contract" or "contract 2"."""
    choices: tuple[Choice, ...] = ()
    sets: Setter | None = None
    about_contract: bool = False


def _choices(said: str, *pairs: tuple[str, str]) -> tuple[Choice, ...]:
    """Choices as (label, value); `said` is how a pick is said back, `{}` the label."""
    return tuple(Choice(label, value, said.format(label.lower())) for label, value in pairs)


def _days_ago(field: str, days: dict[str, int]) -> Setter:
    def sets(data: dict[str, Any], value: str, as_of: date) -> None:
        data[field] = as_of - timedelta(days=days[value])
        if field == "end":
            data["status"] = Status.ENDED  # a contract with an end date has ended
        if data.get("last_payment") and data.get("end") and data["last_payment"] > data["end"]:
            data["last_payment"] = data["end"]

    return sets


def _status(contract: dict[str, Any], value: str, as_of: date) -> None:
    contract["status"] = Status(value)
    if value != Status.ENDED:
        contract["end"] = None


def _earnings(contract: dict[str, Any], value: str, as_of: date) -> None:
    contract["earnings"] = float(value)
    if float(value) == 0:
        contract["stars"] = None  # a $0 contract carries no public stars


def _feedback(contract: dict[str, Any], value: str, as_of: date) -> None:
    if value == "none":
        contract.update(feedback=FeedbackStatus.NONE, expected=None)
        return
    contract.update(feedback=FeedbackStatus.GIVEN, expected=None)
    if contract.get("earnings") == 0:
        # No public stars on a $0 contract: what the stars would say is the private feedback.
        contract["private_sentiment"] = (
            Sentiment.POSITIVE if float(value) >= 4.5 else Sentiment.NEGATIVE
        )
    else:
        contract["stars"] = float(value)


def _expected(contract: dict[str, Any], value: str, as_of: date) -> None:
    contract.update(feedback=FeedbackStatus.PENDING, expected=Sentiment(value))


def _member(field: str, convert: Callable[[str], Any]) -> Setter:
    def sets(data: dict[str, Any], value: str, as_of: date) -> None:
        data["freelancer"][field] = convert(value)

    return sets


def _evidence(data: dict[str, Any], value: str, as_of: date) -> None:
    data["events"]["evidence_in_writing"] = value == "written"


_MONTH = 30
ASKABLE: dict[str, Askable] = {
    "status": Askable(
        "Is {who} still open, or has it ended?",
        (
            Choice("Still open", "open", "it is still open"),
            Choice("It has ended", "ended", "it has ended"),
        ),
        _status,
        about_contract=True,
    ),
    "earnings": Askable(
        "How much did you earn on {who}? $1-250 weighs 1 job, $251-1,000 weighs 1.25, "
        "more weighs 1.5.",
        _choices(
            "it earned {}",
            ("$0", "0"),
            ("$1-250", "125"),
            ("$251-1,000", "600"),
            ("Over $1,000", "2000"),
        ),
        _earnings,
        about_contract=True,
    ),
    "feedback": Askable(
        "What feedback did the client leave on {who}?",
        (
            Choice("5 stars", "5", "the client left 5 stars"),
            Choice("4 stars", "4", "the client left 4 stars"),
            Choice("3 stars or less", "2", "the client left 3 stars or less"),
            Choice("None", "none", "the client left no feedback"),
        ),
        _feedback,
        about_contract=True,
    ),
    "expected": Askable(
        "What feedback do you expect on {who}?",
        _choices(
            "you expect {} feedback",
            ("Good", "positive"),
            ("Neutral", "neutral"),
            ("Bad", "negative"),
        ),
        _expected,
        about_contract=True,
    ),
    "end": Askable(
        "When did {who} end? It decides which windows it counts in.",
        _choices(
            "it ended {}",
            ("This month", "this-month"),
            ("1-6 months ago", "months"),
            ("6-12 months ago", "year"),
            ("1-2 years ago", "years"),
            ("Over 2 years ago", "long"),
        ),
        _days_ago(
            "end",
            {
                "this-month": 7,
                "months": 3 * _MONTH,
                "year": 9 * _MONTH,
                "years": 18 * _MONTH,
                "long": 26 * _MONTH,
            },
        ),
        about_contract=True,
    ),
    "last-payment": Askable(
        "When was the last payment on {who}? Months without one can make it count.",
        _choices(
            "it was last paid {}",
            ("This month", "this-month"),
            ("1-3 months ago", "months"),
            ("3-6 months ago", "quarter"),
            ("Over 6 months ago", "long"),
        ),
        _days_ago(
            "last_payment",
            {"this-month": 7, "months": 2 * _MONTH, "quarter": 135, "long": 8 * _MONTH},
        ),
        about_contract=True,
    ),
    "history-jobs": Askable(
        "About how many jobs did you finish in the last two years? Your score rests on them.",
        _choices(
            "you finished {} jobs in two years",
            ("Under 10", "5"),
            ("10-30", "20"),
            ("30-100", "60"),
            ("Over 100", "150"),
        ),
        _member("jobs", int),
    ),
    "badge": Askable(
        "Are you Top Rated (or Top Rated Plus)? The perk and the badge advice depend on it.",
        (
            Choice("Top Rated", Badge.TOP_RATED.value, "you are Top Rated"),
            Choice("Top Rated Plus", Badge.TOP_RATED_PLUS.value, "you are Top Rated Plus"),
            Choice("No badge", Badge.NONE.value, "you have no badge"),
            Choice("Rising Talent", Badge.RISING_TALENT.value, "you are Rising Talent"),
        ),
        _member("badge", Badge),
    ),
    "evidence": Askable(
        "Was the threat written in Upwork messages, or only said on a call?",
        (
            Choice("In Upwork messages", "written", "the threat is in Upwork messages"),
            Choice("Only on a call", "verbal", "the threat was only said on a call"),
        ),
        _evidence,
    ),
    "perk-completed": Askable(
        "How many contracts have you completed since you last used the perk? It needs 10.",
        _choices(
            "you completed {} contracts since the perk",
            ("0-4", "2"),
            ("5-9", "7"),
            ("10 or more", "10"),
        ),
        _member("completed_since_perk", int),
    ),
    # Answered in words: the reply is read like the rest of the story.
    "jss": Askable("What is your Job Success Score now, and about how many jobs are behind it?"),
    "perk-date": Askable("When did you last use the Top Rated feedback-removal perk?"),
    "in-question": Askable("Which contract are you asking about?"),
    "other-earnings": Askable("How much did you earn on each of the other contracts?"),
    "other-feedback": Askable(
        "Did the clients of the other contracts leave feedback, and was it good?"
    ),
    "other-contracts": Askable(
        "How many other contracts did you have in the last 24 months, and how much did you "
        "earn on each?"
    ),
    "contracts": Askable(
        "Which contracts do you have in the last 24 months (earnings and feedback of each)?"
    ),
}

_CONTRACT_KEY = re.compile(r"contract-(\d{1,3})-(.+)")


def parse_key(key: str) -> tuple[Askable, int | None]:
    """The row a key names and, for a contract's fact, the contract's index (0-based)."""
    found = _CONTRACT_KEY.fullmatch(key)
    field, index = (found[2], int(found[1]) - 1) if found else (key, None)
    row = ASKABLE.get(field)
    if row is None or row.about_contract != (index is not None):
        raise AnswerError(f"there is no question `{key[:40]}`")
    return row, index


# The same few hundred questions recur in every answer; each is an immutable value.
@lru_cache(maxsize=4096)
def ask(key: str, *, in_question: bool = True) -> MissingFact:
    """The question for `key`, in its one wording, with its choices."""
    row, index = parse_key(key)
    who = "this contract" if in_question or index is None else f"contract {index + 1}"
    return MissingFact(key, row.question.format(who=who), row.choices)


def choice_of(key: str, value: str) -> Choice:
    """The choice `value` of the question `key`, or `AnswerError` saying what it takes."""
    row, _ = parse_key(key)
    found = next((choice for choice in row.choices if choice.value == value), None)
    if row.sets is None or found is None:
        valid = ", ".join(choice.label for choice in row.choices) or "an answer in words"
        raise AnswerError(f"that is not an answer to this question; it takes {valid}")
    return found


def answered(situation: Situation, key: str, value: str, as_of: date) -> Situation:
    """The situation with the fact `key` set to the choice `value`."""
    choice_of(key, value)
    row, index = parse_key(key)
    assert row.sets is not None  # choice_of found a choice of a row that sets
    data = situation.model_dump()
    if index is not None:
        if index >= len(data["contracts"]):
            raise AnswerError(f"there is no contract {index + 1} in this case")
        row.sets(data["contracts"][index], value, as_of)
    else:
        row.sets(data, value, as_of)
    try:
        return situation_from_data(data)
    except SituationError as error:
        raise AnswerError("; ".join(error.problems)) from None
