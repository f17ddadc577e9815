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
    says_jss = any(tok.kind == "jss_word" for tok in toks)
    percents = [t for t in toks if t.kind == "percent"]
    if says_jss and percents:
        # "dropped from 95% to 88%": the score after "to" is the one shown now.
        chosen = next(
            (p for p in percents if text[max(0, p.start - 3) : p.start] == "to "),
            percents[0],
        )
        _shown_score(facts, parts_value(chosen.parts))
        return set()
    for p in percents:
        unread(p, "a percentage not linked to your JSS")
    scores = _bare_scores(text, toks) if says_jss else []
    if scores:
        _shown_score(facts, parts_value(scores[-1].parts))
    return {tok.start for tok in scores}


def _shown_score(facts: Facts, value: float) -> None:
    if value == int(value) and 0 <= value <= 100 and facts.has_score is not False:
        facts.shown_jss = int(value)
        facts.has_score = True


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
