"""The member's standing as a post states it: badge, perk use and the score shown.

"I need 90% for Top Rated" names a badge wanted, not held; "JSS 100 -> 93" and
"my JSS is 87" give the score without a percent sign.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from advice.situation import Intent
from commands.parsing.facts import Facts
from commands.parsing.kinds import Kind
from commands.parsing.lexer import Token
from commands.parsing.scores import MAX_LOOKED_AT, mentions
from commands.parsing.status import BADGES

_ASPIRED = re.compile(
    r"(?:\bfor|to (?:get|become|reach|earn|regain|qualify for)|towards?|aim(?:ing)? for"
    r"|eligible for|close to) (?:the )?$"
)


# "I've completed 11 contracts since": the count the perk asks for since its last use.
_SINCE = re.compile(r" (?:since\b|after (?:that|it|using it))")
_PERK_KINDS = frozenset({Kind.PERK_USED, Kind.PERK_WORD, Kind.USE_PERK, Kind.SINCE_PERK})


def _completed_since_perk(
    text: str, toks: list[Token], kinds: frozenset[Kind], facts: Facts
) -> int | None:
    """The start of a count of contracts finished since the perk was used, read into
    `facts`; None when the sentence (of `kinds`) has none."""
    if kinds.isdisjoint(_PERK_KINDS):
        return None
    for tok in toks:
        if tok.kind == Kind.HEADER and _SINCE.match(text, tok.end):
            facts.completed_since_perk = int(tok.parts.get("n") or 0)
            return tok.start
    return None


def read_standing(
    text: str,
    toks: list[Token],
    kinds: frozenset[Kind],
    question: bool,
    facts: Facts,
    unread: Callable[[Token, str], None],
) -> set[int]:
    """Badge, perk and the score shown of one sentence (`kinds`: its tokens' kinds), into
    `facts`; returns the starts of plain numbers that were the score (so they are not
    read as amounts)."""
    if kinds.isdisjoint(_STANDING):
        # Most sentences: at most a word for the score ("will it hurt my jss?").
        facts.scores.about = facts.scores.about or _names_the_score(toks)
        return set()
    for tok in toks:
        if tok.kind in _STANDING_WORDS:
            _read_word(text, tok, question, facts)
    about_score = not kinds.isdisjoint(BADGES) or _names_the_score(toks)
    facts.scores.about = facts.scores.about or about_score
    budget = MAX_LOOKED_AT - facts.scores.looked_at
    percents = [tok for tok in toks if tok.kind in _PERCENTS]
    aside = {tok.start for tok in percents[max(budget, 0) :]}  # past the budget: not weighed
    for tok in percents[: max(budget, 0)]:
        if not _a_score(text, tok, about_score):
            aside.add(tok.start)
            unread(tok, "a percentage not linked to your JSS")
    said = mentions(text, toks, about_score, aside, budget)
    facts.scores.looked_at += sum(1 for tok in toks if tok.kind in _NUMBERS)
    facts.scores.mentions.extend(said)
    # A number surely a score is not also an amount or a count; one that may be
    # (said beside no score word) stays in the walk too. Nor is a count of contracts
    # since the perk a group of contracts to estimate.
    since_perk = _completed_since_perk(text, toks, kinds, facts)
    taken = {m.start for m in said if m.sure}
    return taken if since_perk is None else taken | {since_perk}


def _read_word(text: str, tok: Token, question: bool, facts: Facts) -> None:
    """What one word of the standing (`_STANDING_WORDS`) says, into `facts`."""
    badge = BADGES.get(tok.kind)
    if badge is not None and _ASPIRED.search(text, max(0, tok.start - 24), tok.start):
        facts.intend(Intent.REACH_TOP_RATED)  # "I need 90% for Top Rated": wanted, not held
        return
    if badge is not None and _FORMER.search(text, max(0, tok.start - 6), tok.start):
        return  # "fell from TR+ to plain Top Rated": the badge before, not now
    if badge is not None and facts.badge is None:
        facts.badge = badge
        facts.badge_low = tok.kind == Kind.BADGE_TR_LOW
    elif tok.kind == Kind.NO_JSS:
        facts.has_score = False
    elif tok.kind == Kind.PERK_WORD:
        facts.perk_mentioned = True
    elif tok.kind == Kind.PERK_USED and not question:
        facts.perk_used_undated = True
    elif tok.kind == Kind.HISTORY:
        facts.jobs = max(facts.jobs or 0, int(tok.parts.get("n") or 0))


def _names_the_score(toks: list[Token]) -> bool:
    return any(_NAMES_THE_SCORE.search(tok.text) for tok in toks)


def settle_scores(facts: Facts) -> None:
    """The score now and before, from every score the post mentions."""
    now, before = facts.scores.settle()
    if facts.has_score is False and now is not None:
        now, before = None, now  # "my JSS disappeared, it was 93%"
    if before is not None and before.low == before.high:
        facts.previous_jss = before.low
    if now is not None:
        facts.shown_jss, facts.has_score = now.low, True
        facts.shown_jss_high = now.high if now.high != now.low else None


_FORMER = re.compile(r"\bfrom $")
_NAMES_THE_SCORE = re.compile(r"\b(?:jss|job success|score)\b")
_PERCENTS = frozenset({Kind.PERCENT, Kind.PERCENT_RANGE})
_NUMBERS = frozenset({*_PERCENTS, Kind.NUMBER, Kind.SUBQ})
_STANDING_WORDS = frozenset({*BADGES, Kind.NO_JSS, Kind.PERK_WORD, Kind.PERK_USED, Kind.HISTORY})
_STANDING = frozenset({*_STANDING_WORDS, *_NUMBERS, *_PERK_KINDS})
"""What the standing is read from; a sentence without any tells at most that it speaks
of the score."""
# A percentage said of money or of a target is not the score shown now.
_MONEY_WORDS = r"fees?|commission|cut|refund\w*|discount|tax|bonus|raise"
_NOT_A_SCORE_BEFORE = re.compile(rf"\b(?:{_MONEY_WORDS})\b")
# "30% of my proposals", "20% off": a share of something, not a score.
_NOT_A_SCORE_AFTER = re.compile(rf"(?:{_MONEY_WORDS}|off|of)\b")
# Word starts (\b) said once for the alternation, not once per word: searched for before
# every percentage, it is then several times faster.
_TARGET_BEFORE = re.compile(
    r"(?:\b(?:need|needs|reach|hit|target|goal|keep|stay (?:above|over)|for|below|under|if)"
    r"|at least|back (?:to|above|over|up to)|get (?:to|above|over)) ?$"
)


def _a_score(text: str, tok: Token, about_score: bool) -> bool:
    """Whether a percentage is a Job Success Score the member had or has, not a target
    ("need 90%"), nor a fee or a refund; said without a JSS word only when it stands
    alone (a post about the score rarely names another percentage)."""
    before = text[max(0, tok.start - 24) : tok.start]
    after = text[tok.end : tok.end + 16]
    if _TARGET_BEFORE.search(before):
        return False
    if _NOT_A_SCORE_BEFORE.search(before[-12:]) or _NOT_A_SCORE_AFTER.match(after.strip()):
        return False
    return about_score or not _NOT_A_SCORE_BEFORE.search(before + after)
