"""One pass over the text: at each word start, every rule that can match there, tried as one
alternation.

Rules are tried in table order at each word start, and the first that matches
wins there; so specific phrases are listed before general ones, and amounts,
dates and star counts before plain numbers. Only the alternatives whose matches can
open with the text's next three characters are tried, which the rules' patterns tell
(`openings`). No pattern nests an unbounded quantifier inside another, so matching
stays linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from commands.parsing.contracts import CONTRACT_CUES
from commands.parsing.dates import DATE_RULES
from commands.parsing.events import EVENT_CUES
from commands.parsing.feedback import FEEDBACK_CUES
from commands.parsing.firstchars import openings, top_branches
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


@dataclass(frozen=True, init=False)
class Token:
    """One recognised piece of text: its kind, where it is, and its named parts."""

    kind: Kind
    start: int
    end: int
    text: str
    parts: dict[str, str | None]

    def __init__(
        self, kind: Kind, start: int, end: int, text: str, parts: dict[str, str | None]
    ) -> None:
        # All fields in one assignment, where a frozen class's own `__init__` sets them one
        # by one: a list of amounts makes a thousand tokens.
        object.__setattr__(
            self,
            "__dict__",
            {"kind": kind, "start": start, "end": end, "text": text, "parts": parts},
        )


@dataclass(frozen=True)
class _Matcher:
    """An alternation of rules' alternatives, and what a match of each makes, by the group
    that ends it (the last group of a match): the kind of its rule, and the rule's index
    in `RULES` when the kind carries named parts (else None)."""

    pattern: re.Pattern[str]
    makes: dict[int | None, tuple[Kind, int | None]]


OPENING = 3
"""Characters of a word that choose the alternatives tried at its start."""
_FOLD = {digit: "0" for digit in "123456789"}
"""Digits open alike: amounts' rules open with up to a thousand ways of writing three
digits, one way once folded to "0", which keeps working out the openings cheap."""


@cache
def _alternatives() -> list[tuple[int, str, frozenset[str] | None]]:
    """Every rule's alternatives in table order (the rules' priority), and within a rule
    in its own order: the rule's index, the alternative wrapped as its rule is, and how
    its matches open (`openings`; None when not worked out)."""
    return [
        (index, _wrap_like(pattern, branch), openings(branch, OPENING, _FOLD))
        for index, (_, pattern) in enumerate(RULES)
        for branch in top_branches(pattern)
    ]


@cache
def _alternation(branches: tuple[tuple[int, str], ...]) -> _Matcher:
    """One alternation of the alternatives, in order, each ending in an empty group (`e<n>`)
    that tells which matched; compiled once for all the openings that try them. Flat and
    tagged at the end, not grouped per rule, the engine passes over the alternatives that
    cannot match sooner. Named parts are left to `_rule`: groups that capture slow every
    alternative down more than a second match of one rule costs."""
    tagged = (_NAMED_GROUP.sub("(?:", part) + f"(?P<e{n}>)" for n, (_, part) in enumerate(branches))
    pattern = re.compile("(?:" + "|".join(tagged) + ")")
    tags = pattern.groupindex
    makes: dict[int | None, tuple[Kind, int | None]] = {
        tags[f"e{n}"]: _makes(index) for n, (index, _) in enumerate(branches)
    }
    return _Matcher(pattern, makes)


def _makes(index: int) -> tuple[Kind, int | None]:
    """What a match of rule `index` makes: its kind, and the rule when it reads parts."""
    kind = RULES[index][0]
    return kind, index if kind in VALUED else None


@cache
def _matcher(opening: str) -> _Matcher | None:
    """The alternation for a token that opens with `opening` (the text's next `OPENING`
    characters): the alternatives whose matches can open so. Compiled when first
    needed, a one-shot answer compiles only those its text can start a token with
    (compiling every rule whole cost a quarter of a second at start); None when none can."""
    folded = "".join(_FOLD.get(char, char) for char in opening)
    fits = {folded[:length] for length in range(OPENING + 1)}
    branches = tuple(
        (index, part)
        for index, part, opens in _alternatives()
        if opens is None or not fits.isdisjoint(opens)
    )
    return _alternation(branches) if branches else None


@cache
def _rule(index: int) -> re.Pattern[str]:
    """One rule alone, to read a token's named parts; compiled when first needed."""
    return re.compile(rule_pattern(RULES[index][1]))


def _parts(rule: int | None, text: str, position: int) -> dict[str, str | None]:
    """The named parts of the token `rule` matched at `position` (none without a rule)."""
    match = _rule(rule).match(text, position) if rule is not None else None
    return match.groupdict() if match is not None else {}


@cache
def _start() -> re.Pattern[str]:
    """Where a token may begin: a word start, or a symbol after a blank; and only with a
    character some rule starts with (any, when a rule's start is not worked out)."""
    opens = [opens for _, _, opens in _alternatives()]
    if any(each is None or "" in each for each in opens):
        return re.compile(r"(?<!\w)\S")
    firsts = {opening[0] for each in opens if each for opening in each}
    firsts |= {char for char, folded in _FOLD.items() if folded in firsts}
    return re.compile(rf"(?<!\w)[{re.escape(''.join(sorted(firsts)))}]")


def tokens(text: str, most: int | None = None) -> list[Token]:
    """The tokens of a lower-cased, cleaned text, left to right: all of them, or the
    first `most`."""
    found: list[Token] = []
    room = len(text) if most is None else most  # at most one token begins at a character
    scan = _start().search
    start = scan(text) if room > 0 else None
    while start is not None:
        position = start.start()
        matcher = _matcher(text[position : position + OPENING])
        if matcher is None or (match := matcher.pattern.match(text, position)) is None:
            start = scan(text, position + 1)
            continue
        kind, rule = matcher.makes[match.lastindex]
        end = match.end()
        found.append(Token(kind, position, end, match.group(), _parts(rule, text, position)))
        if len(found) >= room:
            break
        start = scan(text, end if end > position else position + 1)
    return found
