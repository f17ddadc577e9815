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
from commands.parsing.firstchars import first_chars
from commands.parsing.money import NUM, NUMBER_RULES
from commands.parsing.status import STATUS_CUES

_REVIEW_WORDS = (("review_word", r"reviews?|feedback|ratings?"),)

_FIRST = {"iso_date"}
_CONTRACT_DIGIT_CUES = {"history", "header", "subq"}

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


def _alternation(indexes: list[int]) -> re.Pattern[str]:
    branches = (f"(?P<r{i}>{_NAMED_GROUP.sub('(?:', _wrapped(RULES[i][1]))})" for i in indexes)
    return re.compile("(?:" + "|".join(branches) + ")")


_FIRSTS = [first_chars(_wrapped(p)) for _, p in RULES]
_ANYWHERE = [i for i, chars in enumerate(_FIRSTS) if chars is None]
_STARTERS = sorted({c for chars in _FIRSTS if chars for c in chars})
# One alternation per first character, rules kept in table order (their priority).
_BY_FIRST: dict[str, re.Pattern[str]] = {
    c: _alternation([i for i, chars in enumerate(_FIRSTS) if chars is None or c in chars])
    for c in _STARTERS
}
_FALLBACK = _alternation(_ANYWHERE) if _ANYWHERE else None
# Where a token may begin: a word start, or a symbol some rule starts with.
_START = re.compile(r"(?<![\w])[^\s]")
_VALUED = frozenset(
    {
        "rate",
        "money",
        "percent",
        "percent_range",
        "rating",
        "stars",
        "star_run",
        "hours",
        "number",
        "iso_date",
        "span",
        "month_date",
        "weekday",
        "relative",
        "year",
        "header",
        "history",
        "subq",
        "ordinal",
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
    resume = 0
    for start in _START.finditer(text):
        position = start.start()
        if position < resume:
            continue
        matcher = _BY_FIRST.get(text[position], _FALLBACK)
        match = matcher.match(text, position) if matcher is not None else None
        if match is None or match.lastgroup is None:
            continue
        resume = match.end()
        name = match.lastgroup
        index = int(name[1:])
        kind = RULES[index][0]
        parts: dict[str, str | None] = {}
        if kind in _VALUED:
            inner = _COMPILED[index].match(text, match.start())
            if inner is not None:
                parts = inner.groupdict()
        found.append(Token(kind, match.start(), match.end(), match.group(), parts))
    return found
