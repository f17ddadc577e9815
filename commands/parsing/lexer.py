"""One pass over the text: every rule table compiled into a single alternation.

Rules are tried in table order at each word start, and the first that matches
wins there; so specific phrases are listed before general ones, and amounts,
dates and star counts before plain numbers. No pattern nests an unbounded
quantifier inside another, so matching stays linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commands.parsing.contracts import CONTRACT_CUES
from commands.parsing.dates import DATE_RULES
from commands.parsing.events import EVENT_CUES
from commands.parsing.feedback import FEEDBACK_CUES
from commands.parsing.money import NUM, NUMBER_RULES
from commands.parsing.status import STATUS_CUES

_REVIEW_WORDS = (("review_word", r"reviews?|feedback|ratings?"),)

_FIRST = {"iso_date"}
_CONTRACT_DIGIT_CUES = {"header", "subq"}

RULES: tuple[tuple[str, str], ...] = (
    *[rule for rule in DATE_RULES if rule[0] in _FIRST],
    *NUMBER_RULES,
    *[rule for rule in DATE_RULES if rule[0] not in _FIRST],
    *[rule for rule in CONTRACT_CUES if rule[0] in _CONTRACT_DIGIT_CUES],
    *STATUS_CUES,
    # Zero earnings, scope and dormancy share words ("didn't pay"); the longer
    # phrases come first and the reader settles the rest by what else is said.
    *[rule for rule in CONTRACT_CUES if rule[0] == "zero"],
    *EVENT_CUES,
    *[rule for rule in CONTRACT_CUES if rule[0] not in _CONTRACT_DIGIT_CUES | {"zero"}],
    *FEEDBACK_CUES,
    *_REVIEW_WORDS,
    ("number", NUM),
)

_WORDY = re.compile(r"[a-z]")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _wrapped(pattern: str) -> str:
    # Word phrases must end at a word end; amounts carry their own endings.
    return f"(?:{pattern})(?!\\w)" if _WORDY.match(pattern.lstrip("(?:")) else f"(?:{pattern})"


_COMPILED: tuple[re.Pattern[str], ...] = tuple(re.compile(_wrapped(p)) for _, p in RULES)
_MASTER = re.compile(
    r"(?<![\w])(?:"
    + "|".join(
        f"(?P<r{i}>{_NAMED_GROUP.sub('(?:', _wrapped(p))})" for i, (_, p) in enumerate(RULES)
    )
    + ")"
)
_VALUED = frozenset(
    {
        "rate",
        "money",
        "percent",
        "rating",
        "stars",
        "star_run",
        "hours",
        "number",
        "iso_date",
        "span",
        "month_date",
        "relative",
        "year",
        "header",
        "subq",
    }
)


@dataclass(frozen=True)
class Token:
    """One recognised piece of text: its kind, where it is, and its named parts."""

    kind: str
    start: int
    end: int
    text: str
    parts: dict[str, str | None]


def tokens(text: str) -> list[Token]:
    """All tokens of a lower-cased, cleaned text, left to right."""
    found: list[Token] = []
    for match in _MASTER.finditer(text):
        name = match.lastgroup
        if name is None:
            continue
        index = int(name[1:])
        kind = RULES[index][0]
        parts: dict[str, str | None] = {}
        if kind in _VALUED:
            inner = _COMPILED[index].match(text, match.start())
            if inner is not None:
                parts = inner.groupdict()
        found.append(Token(kind, match.start(), match.end(), match.group(), parts))
    return found
