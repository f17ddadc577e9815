"""One pass over the text: every rule table compiled into a single alternation.

Rules are tried in table order at each word start, and the first that matches
wins there; so specific phrases are listed before general ones, and amounts,
dates and star counts before plain numbers. No pattern nests an unbounded
quantifier inside another, so matching stays linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from commands.parsing.contracts import CONTRACT_CUES
from commands.parsing.dates import DATE_RULES
from commands.parsing.events import EVENT_CUES
from commands.parsing.feedback import FEEDBACK_CUES
from commands.parsing.firstchars import first_chars, top_branches
from commands.parsing.kinds import Kind
from commands.parsing.money import NUM, NUMBER_RULES
from commands.parsing.status import STATUS_CUES

# "he'll tell Upwork what he thinks of me", "make sure everyone knows": feedback said
# without the word, as threats often put it.
_REVIEW_WORDS = (
    (
        Kind.REVIEW_WORD,
        r"reviews?|feedback|ratings?"
        r"|tell (?:upwork|everyone|the world|other clients) what (?:he|she|they) thinks?",
    ),
)

_FIRST = {Kind.ISO_DATE}
_CONTRACT_DIGIT_CUES = {Kind.HISTORY, Kind.HEADER, Kind.SUBQ}

RULES: tuple[tuple[Kind, str], ...] = (
    *[rule for rule in DATE_RULES if rule[0] in _FIRST],
    *NUMBER_RULES,
    *[rule for rule in DATE_RULES if rule[0] not in _FIRST],
    *[rule for rule in CONTRACT_CUES if rule[0] in _CONTRACT_DIGIT_CUES],
    *STATUS_CUES,
    # Zero earnings, scope and dormancy share words ("didn't pay"); the longer
    # phrases come first and the reader settles the rest by what else is said.
    *[rule for rule in CONTRACT_CUES if rule[0] == Kind.ZERO],
    *EVENT_CUES,
    *[rule for rule in CONTRACT_CUES if rule[0] not in _CONTRACT_DIGIT_CUES | {Kind.ZERO}],
    *FEEDBACK_CUES,
    *_REVIEW_WORDS,
    (Kind.NUMBER, NUM),
)

_WORDY = re.compile(r"[a-z]")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _wrap_like(rule: str, part: str) -> str:
    # Word phrases must end at a word end; amounts carry their own endings.
    return f"(?:{part})(?!\\w)" if _WORDY.match(rule.lstrip("(?:")) else f"(?:{part})"


def rule_pattern(pattern: str) -> str:
    """A rule's pattern as the tokenizer matches it: word phrases end at a word end."""
    return _wrap_like(pattern, pattern)


@cache
def _rule(index: int) -> re.Pattern[str]:
    """One rule alone, to read a token's named parts; compiled when first needed."""
    return re.compile(rule_pattern(RULES[index][1]))


def _branches_for(char: str | None) -> list[tuple[int, str]]:
    """Each rule's alternatives that can start with `char` (None: those that could start
    anywhere), each wrapped as its rule is, with the rule's index; in table order (the
    rules' priority), and within a rule in its own order."""
    return [
        (index, _wrap_like(pattern, branch))
        for index, (_, pattern) in enumerate(RULES)
        for branch, chars in _branches()[index]
        if chars is None or (char is not None and char in chars)
    ]


def _alternation(branches: list[tuple[int, str]]) -> re.Pattern[str]:
    """One alternation of every alternative, in order, each ending in an empty group named
    after its rule (`r<rule>_<n>`: the rule of a match is its last group). Flat and tagged
    at the end, not grouped per rule, the engine passes over the alternatives that cannot
    match at a word sooner (a fifth of the tokenizer's time)."""
    tagged = (
        f"{_NAMED_GROUP.sub('(?:', part)}(?P<r{index}_{n}>)"
        for n, (index, part) in enumerate(branches)
    )
    return re.compile("(?:" + "|".join(tagged) + ")")


@cache
def _branches() -> list[list[tuple[str, frozenset[str] | None]]]:
    """Each rule split into its alternatives, with the characters each can start with: an
    alternation per first character then holds only what can match there, a fraction of
    every rule whole (compiling them all whole cost a quarter of a second at start)."""
    return [[(b, first_chars(b)) for b in top_branches(p)] for _, p in RULES]


@cache
def _starters() -> frozenset[str]:
    return frozenset(c for rule in _branches() for _, chars in rule if chars for c in chars)


@cache
def _matcher(char: str) -> re.Pattern[str] | None:
    """The alternation for words starting with `char`, compiled when first needed: a
    one-shot answer compiles only the few its text starts words with."""
    branches = _branches_for(char if char in _starters() else None)
    return _alternation(branches) if branches else None


# Where a token may begin: a word start, or a symbol some rule starts with.
_START = re.compile(r"(?<![\w])[^\s]")
VALUED = frozenset(
    {
        Kind.RATE,
        Kind.MONEY,
        Kind.PERCENT,
        Kind.PERCENT_RANGE,
        Kind.RATING,
        Kind.STARS,
        Kind.STAR_RUN,
        Kind.HOURS,
        Kind.NUMBER,
        Kind.ISO_DATE,
        Kind.SPAN,
        Kind.MONTH_DATE,
        Kind.WEEKDAY,
        Kind.SEASON,
        Kind.RELATIVE,
        Kind.YEAR,
        Kind.HEADER,
        Kind.HISTORY,
        Kind.SUBQ,
        Kind.ORDINAL,
    }
)
"""Kinds whose tokens carry their rule's named parts (an amount's digits, a date's month)."""


@dataclass(frozen=True)
class Token:
    """One recognised piece of text: its kind, where it is, and its named parts."""

    kind: Kind
    start: int
    end: int
    text: str
    parts: dict[str, str | None]


def tokens(text: str, most: int | None = None) -> list[Token]:
    """The tokens of a lower-cased, cleaned text, left to right: all of them, or the
    first `most`."""
    found: list[Token] = []
    resume = 0
    for start in _START.finditer(text):
        if most is not None and len(found) >= most:
            break
        position = start.start()
        if position < resume:
            continue
        matcher = _matcher(text[position])
        match = matcher.match(text, position) if matcher is not None else None
        if match is None or match.lastgroup is None:
            continue
        resume = match.end()
        index = int(match.lastgroup[1:].partition("_")[0])
        kind = RULES[index][0]
        parts: dict[str, str | None] = {}
        if kind in VALUED:
            inner = _rule(index).match(text, match.start())
            if inner is not None:
                parts = inner.groupdict()
        found.append(Token(kind, match.start(), match.end(), match.group(), parts))
    return found
