"""The reading corpus: member posts and the facts a careful reader takes from them.

`check(post)` reads one post as the bot does and compares field by field; a field is
one fact of `reading.toml` (the badge, a contract's earnings, the set of events, ...).
The test and `bench/bench_reading.py` both count with it, so the accuracy the bench
prints is the accuracy the test holds. The format is described in `README.md` here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from advice.kinds import question_kind
from advice.situation import Contract, Events, Situation
from commands.parsing import ParseError, parse_text
from commands.parsing.language import reads_as_english

CORPUS = Path(__file__).with_name("reading.toml")
KNOWN = Path(__file__).with_name("known_misreadings.txt")
GOAL = 0.95
"""Share of the corpus's fields the reader must read right (issue 13)."""
DEFAULT_AS_OF = date(2026, 12, 2)
MONTHS_TOLERANCE = 1
EVENT_NAMES = tuple(name for name in Events.model_fields if name != "evidence_in_writing")


@dataclass(frozen=True)
class Field:
    """One fact of one post: where it is, what the corpus says, what the bot read."""

    post: str
    name: str
    expected: object
    read: object

    @property
    def right(self) -> bool:
        if self.name.endswith(tuple(MONTH_KEYS)):
            return isinstance(self.read, int) and abs(self.read - int(str(self.expected))) <= 1
        if self.name == "intents":
            return self.read is not None and set(self.expected) <= set(self.read)  # type: ignore[call-overload]
        return self.read == self.expected


def posts(path: Path = CORPUS) -> list[dict[str, Any]]:
    """Every post of the corpus, as written."""
    with path.open("rb") as file:
        return list(tomllib.load(file)["post"])


def as_of(post: Mapping[str, Any]) -> date:
    """The day the member writes on."""
    given = post.get("as_of")
    return date.fromisoformat(str(given)) if given else DEFAULT_AS_OF


def check(post: Mapping[str, Any]) -> list[Field]:
    """Every fact the corpus gives for `post`, each with what the bot read."""
    english = reads_as_english(post["text"])
    fields = [Field(post["id"], "language", post["language"], "en" if english else "other")]
    if post["language"] != "en":
        return fields
    try:
        situation: Situation | None = parse_text(post["text"], as_of=as_of(post)).situation
    except ParseError:
        situation = None
    return fields + list(_facts(post, situation))


def _facts(post: Mapping[str, Any], situation: Situation | None) -> Iterator[Field]:
    def field(name: str, read: Callable[[Situation], object]) -> Field:
        expected = sorted(post[name]) if name == "events" else post[name]
        return Field(post["id"], name, expected, read(situation) if situation else None)

    for name in FREELANCER_KEYS:
        if name in post:
            yield field(name, lambda s, name=name: _plain(getattr(s.freelancer, name)))
    if "question" in post:
        yield field("question", lambda s: question_kind(s).value)
    if "events" in post:
        yield field("events", lambda s: sorted(n for n in EVENT_NAMES if getattr(s.events, n)))
    if "evidence_in_writing" in post:
        yield field("evidence_in_writing", lambda s: s.events.evidence_in_writing)
    if "intents" in post:
        yield field("intents", lambda s: [intent.value for intent in s.intents])
    if "contracts" in post:
        yield from _contracts(post, situation)


def _contracts(post: Mapping[str, Any], situation: Situation | None) -> Iterator[Field]:
    expected: list[dict[str, Any]] = post["contracts"]
    read = situation.contracts if situation else ()
    yield Field(post["id"], "contracts", len(expected), len(read))
    when = as_of(post)
    for index, contract in enumerate(expected):
        got = read[index] if index < len(read) else None
        for key, value in contract.items():
            name = f"contract {index + 1} {key}"
            yield Field(post["id"], name, value, _contract_fact(got, key, when))


def _contract_fact(contract: Contract | None, key: str, when: date) -> object:
    if contract is None:
        return None
    if key in MONTH_KEYS:
        day = getattr(contract, MONTH_KEYS[key])
        return None if day is None else _months_between(day, when)
    if key == "private":
        return _plain(contract.private_sentiment)
    return _plain(getattr(contract, key))


def _months_between(earlier: date, later: date) -> int:
    days = (later - earlier).days
    return round(days / 30.44)


def _plain(value: object) -> object:
    """Enum members as their values and dates as ISO text, as the corpus writes them."""
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)


FREELANCER_KEYS = (
    "badge",
    "shown_jss",
    "shown_jss_high",
    "previous_jss",
    "jobs",
    "has_score",
    "perk_last_used",
)
MONTH_KEYS = {
    "months_ago_ended": "end",
    "months_ago_last_paid": "last_payment",
    "months_ago_started": "start",
}


@dataclass(frozen=True)
class Tally:
    """Fields read right out of fields checked."""

    right: int
    total: int

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


def tally(fields: list[Field]) -> Tally:
    """How many of `fields` were read right."""
    return Tally(sum(field.right for field in fields), len(fields))


def known_misreadings(path: Path = KNOWN) -> set[str]:
    """The fields the reader is known to get wrong today, as "post: field" lines; each
    one fixed is taken off (the test holds the list exact, so nothing slips back)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def misreading(field: Field) -> str:
    """How a wrong field is written in the known-misreadings file."""
    return f"{field.post}: {field.name}"
