"""The scores a post states: which is the score now, and which the score before.

Members write a change of score many ways: "dropped from 100% to 89%", "went down
to 84 from 92", "JSS was 96 last week, now 91", "JSS 89, was 92 in summer",
"85 -> 91 and now it's 85 again", "I'm at 87". Each score said is a mention with
a role read from the words around it (tables below); the whole post's mentions
are settled at the end, so a score before and a score now may sit in different
sentences ("It says 86% now. Before, it was 92%").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from itertools import islice

from commands.parsing.kinds import Kind
from commands.parsing.lexer import Token
from commands.parsing.money import parts_value


class Role(Enum):
    """What the words around a score say of it."""

    NOW = "now"  # "now 91", "fell to 89", "I'm at 87", "is still 88"
    BEFORE = "before"  # "from 92", "93% before", "96 -> 92" (the 96)
    WAS = "was"  # "JSS was 95%": past tense, the latest score a story gives
    PLAIN = "plain"  # "JSS 92%", "my 89"


# Words that may stand between a cue and its score ("is still about 88").
_FILLER = (
    r"(?:(?:still|now|only|just|about|around|roughly|approximately|somewhere|like|at|a|an"
    r"|currently|sitting|sits|stuck|back|down|up|solid|exactly|maybe|probably|~)\s+)*"
)


@dataclass(frozen=True)
class Cue:
    """Words next to a score and the role they give it; `alone` cues make a bare number
    a score even in a sentence that does not name the score ("I'm at 87")."""

    role: Role
    pattern: str
    alone: bool
    then: str = ""
    """What must follow the score for the cue to hold."""


# Cues right before a score, tried in order: tense and change first, then plain. Each is
# searched for in the words before every number, so word starts (\b) are said once per
# alternation, not once per word: the engine then passes over most characters at once.
BEFORE_CUES: tuple[Cue, ...] = (
    # "hasn't moved from 95": still 95.
    Cue(
        Role.NOW,
        r"(?:hasn't|has not|didn't|did not|not|never|won't) (?:moved|changed|budged|gone down"
        r"|dropped|gone up) from",
        alone=True,
    ),
    Cue(Role.BEFORE, r"\bfrom", alone=True),
    Cue(Role.WAS, r"\b(?:was|were|had|used to be)", alone=False),
    Cue(Role.NOW, r"(?:\b(?:now|still|currently|at)|->|→|=>)", alone=True),
    Cue(Role.NOW, r"(?:\b(?:to|is|am|i'm|today|shows?|showing|says)|'s)", alone=False),
)
# Cues right after a score.
AFTER_CUES: tuple[Cue, ...] = (
    Cue(
        Role.BEFORE,
        r"\s*%?\s*(?:(?:->|→|=>|-|to)\s*\d|before\b|until\b|earlier\b"
        r"|last (?:week|month|year)|[\w ]{0,20}\bago\b"
        r"|in (?:the )?(?:spring|summer|fall|autumn|winter)\b)",
        alone=False,
    ),
    Cue(
        Role.NOW,
        r"\s*%?\s*(?:now|today|again|this (?:morning|week)|currently|at the moment)\b",
        alone=False,
    ),
)
# Plain cues, tried last: "JSS 92", "(95)"; "my 89?" ends a clause, so it is a score.
PLAIN_CUES: tuple[Cue, ...] = (
    Cue(Role.PLAIN, r"\bmy", alone=True, then=r"\s*(?:[?.!,;)]|$)"),
    Cue(Role.PLAIN, r"(?:\b(?:my|jss|score|success)|\(|:)", alone=False),
)


def _compiled(
    cues: tuple[Cue, ...], *, before: bool
) -> tuple[tuple[Cue, re.Pattern[str], re.Pattern[str], bool], ...]:
    """Each cue with its pattern (searched for in the words before the score, or matched
    by those after it), what must follow the score, and whether it is a cue before."""
    return tuple(
        (
            cue,
            re.compile(rf"{cue.pattern}\s*{_FILLER}$" if before else cue.pattern),
            re.compile(cue.then),
            before,
        )
        for cue in cues
    )


# Tried in this order: tense and change before the score, then after it, then plain.
_CUES = (
    *_compiled(BEFORE_CUES, before=True),
    *_compiled(AFTER_CUES, before=False),
    *_compiled(PLAIN_CUES, before=True),
)
# A score wanted, not had: "need 90%", "back to 95", "goal this year is 95%".
_TARGET_BEFORE = re.compile(
    r"(?:\b(?:need|needs|reach|hit|target|goal|keep|stay (?:above|over|at)|for|below|under|over"
    r"|above|if|than)|at least|back (?:to|above|over|up to|in)|get (?:to|above|over|back)) ?$"
)
_ASKED_TO = re.compile(r"\bto\s*$")
_QUESTION_AFTER = re.compile(r"\s*%?\s*\?")
_TARGET_CLAUSE = re.compile(
    r"\b(?:goal|target|aim|aiming|hope|hoping|want|wants|dream)\b[^,.;!?\n]*$"
)
# A bare number is a score only in a sentence that speaks of the score, or inside a
# change ("went down to 84 from 92") which nothing but a score is said of.
_CHANGE_WORDS = re.compile(r"\b(?:went|dropped|fell|rose|jumped|slipped|climbed|down|up|moved)\b")

# A number followed by a word other than these counts that word ("1 client").
_COUNTS_SOMETHING = re.compile(
    r" (?!(?:and|but|or|with|when|while|now|today|before|after|in|on|at|last|this|since|so"
    r"|for|until|till|because|again|which|then|is|was|from|to|overnight|points?|pts|yet|even"
    r"|already|though|as|by|over|ever|anymore|right|rn|atm|lol|haha|the|a|an|my|his|her|its|it"
    r"|i|he|she|they|we|you)\b)[a-z]"
)
# "1) $1,200 - 5 stars": a list's numbering.
_LIST_MARK = re.compile(r"[).] ")
_AFTER_BREAK = re.compile(r"[\n:]\s*$")


@dataclass(frozen=True)
class Mention:
    """One score said, where, and what the words around it say of it."""

    low: int
    high: int
    role: Role
    start: int
    sure: bool
    """Said with a JSS word, a badge or a percent sign; otherwise only the post's talk of
    the score makes it one."""


MAX_LOOKED_AT = 40
"""Numbers a post may have weighed as scores: no member states forty scores, and a
post of "1,1,1,..." must cost no more than a real one."""


@dataclass
class Scores:
    """Every score a post mentions, settled into the score now and the one before."""

    mentions: list[Mention] = field(default_factory=list)
    looked_at: int = 0
    """Numbers weighed as scores so far (bounded by `MAX_LOOKED_AT`)."""
    about: bool = False
    """Some sentence of the post names the score or a badge; a post that states a score
    surely ("86%") is about the score too."""

    def settle(self) -> tuple[Mention | None, Mention | None]:
        """The score now and the score before, from all the post's mentions.

        The now is the last one said as now ("now 91", "fell to 89"), else the first
        plain one; a story told in the past ("my JSS was 95%") gives its last score
        as the one now. The before is the score said just before the now, or the
        last one said as before."""
        about = self.about or any(m.sure for m in self.mentions)
        said = [m for m in self.mentions if m.sure or about]
        nows = [m for m in said if m.role is Role.NOW]
        plains = [m for m in said if m.role is Role.PLAIN]
        was = [m for m in said if m.role is Role.WAS]
        now = nows[-1] if nows else plains[0] if plains else was[-1] if was else None
        earlier = [m for m in said if m is not now and m.role in {Role.BEFORE, Role.WAS}]
        if now is None:
            return None, earlier[-1] if earlier else None
        index = said.index(now)
        just_before = said[index - 1] if index else None
        if just_before is not None and (just_before.role is not Role.PLAIN or now.role is Role.NOW):
            return now, just_before
        return now, earlier[-1] if earlier else None


def mentions(
    text: str, toks: list[Token], about_score: bool, set_aside: set[int], budget: int
) -> list[Mention]:
    """The scores one sentence states: percentages not set aside (fees, shares: their
    starts are in `set_aside`) nor wanted, and bare numbers in a score's place.

    `about_score`: the sentence names the score or a badge; `budget`: how many more
    numbers the post may still have looked at (see `MAX_LOOKED_AT`)."""
    if budget <= 0:
        return []  # a post of hundreds of numbers: no more are weighed
    found: list[Mention] = []
    looked_at = (
        tok
        for tok in toks
        if tok.kind in _NUMBER_KINDS
        and tok.start not in set_aside
        and (tok.kind in {Kind.PERCENT, Kind.PERCENT_RANGE} or _a_bare_score(text, tok))
    )
    for tok in islice(looked_at, max(budget, 0)):
        percent = tok.kind in {Kind.PERCENT, Kind.PERCENT_RANGE}
        if _wanted(text, tok):
            continue
        cue = _cue(text, tok)
        if cue is None and not percent:
            continue
        role = cue.role if cue is not None else Role.PLAIN
        sure = percent or about_score or (cue is not None and cue.alone)
        found.append(Mention(*_value(tok), role, tok.start, sure))
    changes = [m for m in found if m.role in {Role.BEFORE, Role.NOW}]
    # "went down to 84 from 92": a change nothing but a score is said of.
    if len(changes) > 1 and _CHANGE_WORDS.search(text, max(0, toks[0].start - 40), toks[-1].end):
        found = [Mention(m.low, m.high, m.role, m.start, True) for m in found]
    return [m for m in found if 0 <= m.low <= m.high <= _TOP]


_TOP = 100
_NUMBER_KINDS = frozenset({Kind.PERCENT, Kind.PERCENT_RANGE, Kind.NUMBER, Kind.SUBQ})


def _a_bare_score(text: str, tok: Token) -> bool:
    """A whole number up to 100, not counting something ("1 client", "3 weeks")."""
    if tok.kind not in {Kind.NUMBER, Kind.SUBQ} or tok.parts.get("frac"):
        return False
    value = parts_value(tok.parts)
    counts = tok.kind == Kind.NUMBER and _COUNTS_SOMETHING.match(text, tok.end)
    numbering = _LIST_MARK.match(text, tok.end) and _at_line_start(text, tok.start)
    return value == int(value) and 0 <= value <= _TOP and not counts and not numbering


def _at_line_start(text: str, start: int) -> bool:
    return bool(_AFTER_BREAK.search(text[max(0, start - 6) : start])) or not text[:start].strip()


def _wanted(text: str, tok: Token) -> bool:
    before = text[max(0, tok.start - 40) : tok.start]
    if _TARGET_BEFORE.search(before) or _TARGET_CLAUSE.search(before):
        return True
    # "How many jobs to get back to 90? And to 95?": a score asked for, unless the
    # question is about a change ("it dropped to 89?").
    asked = _ASKED_TO.search(before) and _QUESTION_AFTER.match(text, tok.end)
    return bool(asked) and not _CHANGE_WORDS.search(before)


def _cue(text: str, tok: Token) -> Cue | None:
    before = text[max(0, tok.start - 40) : tok.start]
    after = text[tok.end : tok.end + 30]
    for cue, pattern, then, is_before in _CUES:
        if not is_before:
            if pattern.match(after):
                return cue
        elif pattern.search(before) and then.match(after):
            return cue
    return None


def _value(tok: Token) -> tuple[int, int]:
    if tok.kind == Kind.PERCENT_RANGE:
        return int(tok.parts["lo"] or 0), int(tok.parts["hi"] or 0)
    value = int(parts_value(tok.parts))
    return value, value
