"""The member's standing as a post states it: badge, perk use and the score shown.

"I need 90% for Top Rated" names a badge wanted, not held; "JSS 100 -> 93" and
"my JSS is 87" give the score without a percent sign.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from commands.parsing.facts import Facts
from commands.parsing.lexer import Token
from commands.parsing.money import parts_value
from commands.parsing.status import BADGES

_ASPIRED = re.compile(
    r"(?:\bfor|to (?:get|become|reach|earn|regain|qualify for)|towards?|aim(?:ing)? for"
    r"|eligible for|close to) (?:the )?$"
)
# "JSS 100 -> 93", "my JSS is 87", "JSS: 90": a score without its percent sign.
_JSS_TO_SCORE = re.compile(
    r":? (?:score )?(?:is |was |at |of |now |from |went from |dropped from )?"
)
_SCORE_TO_SCORE = re.compile(r" ?(?:->|→|=>|-|to|now|dropped to|fell to|went to)? ?")


def read_standing(
    text: str,
    toks: list[Token],
    question: bool,
    facts: Facts,
    unread: Callable[[Token, str], None],
) -> set[int]:
    """Badge, perk and the score shown of one sentence, into `facts`; returns the starts
    of plain numbers that were the score (so they are not read as amounts)."""
    for tok in toks:
        badge = BADGES.get(tok.kind)
        if badge is not None and _ASPIRED.search(text, max(0, tok.start - 24), tok.start):
            continue  # "I need 90% for Top Rated": a badge wanted, not held
        if badge is not None and facts.badge is None:
            facts.badge = badge
            facts.badge_low = tok.kind == "badge_tr_low"
        elif tok.kind == "no_jss":
            facts.has_score = False
        elif tok.kind == "perk_word":
            facts.perk_mentioned = True
        elif tok.kind == "perk_used" and not question:
            facts.perk_used_undated = True
        elif tok.kind == "history":
            facts.jobs = max(facts.jobs or 0, int(tok.parts.get("n") or 0))
    about_score = any(tok.kind == "jss_word" or tok.kind in BADGES for tok in toks)
    percents = [t for t in toks if t.kind in _PERCENTS and _a_score(text, t, about_score)]
    for tok in toks:
        if tok.kind in _PERCENTS and tok not in percents:
            unread(tok, "a percentage not linked to your JSS")
    bare = _bare_scores(text, toks) if about_score else []
    _read_scores(text, [*percents, *bare], facts)
    return {tok.start for tok in bare}


_PERCENTS = frozenset({"percent", "percent_range"})
# A percentage said of money or of a target is not the score shown now.
_MONEY_WORDS = r"fees?|commission|cut|refund\w*|discount|tax|bonus|raise"
_NOT_A_SCORE_BEFORE = re.compile(rf"\b(?:{_MONEY_WORDS})\b")
# "30% of my proposals", "20% off": a share of something, not a score.
_NOT_A_SCORE_AFTER = re.compile(rf"(?:{_MONEY_WORDS}|off|of)\b")
_TARGET_BEFORE = re.compile(
    r"(?:\bneed|\bneeds|\breach|\bhit|\btarget|\bgoal|at least|back (?:to|above|over|up to)"
    r"|get (?:to|above|over)|\bkeep|\bstay (?:above|over)|\bfor|\bbelow|\bunder|\bif) ?$"
)
# Words between two scores that make the first the score before and the second the one now.
_CHANGE_BETWEEN = re.compile(
    r"(?:->|→|=>|\bto\b|\bnow\b|\bdropped\b|\bfell\b|\bwent\b|\bdown\b|\btoday\b)"
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


def _value(tok: Token) -> tuple[float, float]:
    if tok.kind == "percent_range":
        return float(tok.parts["lo"] or 0), float(tok.parts["hi"] or 0)
    value = parts_value(tok.parts)
    return value, value


def _read_scores(text: str, scores: list[Token], facts: Facts) -> None:
    """The score now and, when the member says it changed, the score before.

    "dropped from 100% to 89%", "JSS 100 -> 93", "was 95%, now 88%": the last score
    is the one now when a change word stands between the last two; otherwise the
    first score said is the member's score.
    """
    if not scores or facts.has_score is False:
        return
    scores = sorted(scores, key=lambda tok: tok.start)
    now = scores[0]
    if len(scores) > 1 and _CHANGE_BETWEEN.search(text, scores[-2].end, scores[-1].start):
        now = scores[-1]
        before, _ = _value(scores[-2])
        if before == int(before) and 0 <= before <= 100:
            facts.previous_jss = int(before)
    low, high = _value(now)
    if low == int(low) and high == int(high) and 0 <= low <= high <= 100:
        facts.shown_jss, facts.has_score = int(low), True
        facts.shown_jss_high = int(high) if high != low else None


def _bare_scores(text: str, toks: list[Token]) -> list[Token]:
    """'JSS 100 -> 93', 'my JSS is 87': scores written without %, the last one now."""
    chain: list[Token] = []
    for i, tok in enumerate(toks[:-1]):
        if tok.kind != "jss_word":
            continue
        gap, after = _JSS_TO_SCORE, tok
        for following in toks[i + 1 :]:
            if following.kind != "number" or not gap.fullmatch(text, after.end, following.start):
                break
            chain.append(following)
            gap, after = _SCORE_TO_SCORE, following
    return [tok for tok in chain if parts_value(tok.parts) <= 100]
