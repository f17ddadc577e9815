"""Negation: a fact said not to hold ("nothing in writing", "no threat", "never used my perk").

A negator (not, no, never, nothing, without, n't, ...) a few words before a cue, in
the same clause, negates it. What a negated cue becomes is data: the opposite
fact where there is one ("never wrote it" is evidence only on a call), nothing
otherwise ("no threat or anything").
"""

from __future__ import annotations

import re
from dataclasses import replace

from commands.parsing.kinds import Kind
from commands.parsing.lexer import Token

NEGATORS = (
    # "none of the clients" negates as one word what follows it ("left feedback").
    r"none of (?:the |my |them|these |those )?\w*"
    r"|not|no|never|nothing|none|without|neither|nor|nobody|\w+n't|cannot|wasn't|isn't"
    r"|hasn't|haven't|didn't|doesn't|won't"
)
_SCOPE_WORDS = 3
"""How many words a negator reaches forward: "never even used my perk"."""
_NEGATED = re.compile(rf"\b(?:{NEGATORS})\b(?:\s+[^\s,.;:!?()\"]+){{0,{_SCOPE_WORDS - 1}}}\s*$")
_CLAUSE_END = re.compile(r"[,.;:!?()\"\n]| but | and | or ")

# What each cue means when negated; a cue not listed here keeps its meaning.
NEGATED_KIND: dict[Kind, Kind | None] = {
    Kind.WRITTEN: Kind.NOT_WRITTEN,  # "never wrote it", "nothing in writing", "no screenshots"
    Kind.IN_CHAT: Kind.NOT_WRITTEN,
    Kind.THREAT: None,  # "no threat or anything"
    Kind.PRESSURE: None,
    Kind.PROMISE: None,
    Kind.PERK_USED: Kind.PERK_WORD,  # "never used my perk": the perk is named, not used
    Kind.SUSPENDED: None,
    Kind.SELF: None,
    Kind.DISPUTED: None,
    Kind.REFUNDED: None,
    Kind.OFF_PLATFORM: None,
    Kind.UNRESPONSIVE: None,
    Kind.FB_GIVEN: Kind.FB_NONE,  # "none of the clients left feedback"
    Kind.REVIEW_WORD: Kind.FB_NONE,  # "ended it without leaving any feedback"
}


def negated(text: str, tok: Token) -> bool:
    """Whether a negator stands a few words before `tok`, in its clause."""
    before = text[max(0, tok.start - 40) : tok.start]
    clause = _CLAUSE_END.split(before)[-1]
    return bool(_NEGATED.search(clause))


def apply_negation(text: str, toks: list[Token]) -> list[Token]:
    """The tokens with each negated cue turned into what its negation means, or dropped."""
    kept: list[Token] = []
    for tok in toks:
        if tok.kind in NEGATED_KIND and negated(text, tok):
            opposite = NEGATED_KIND[tok.kind]
            if opposite is not None:
                kept.append(replace(tok, kind=opposite))
            continue
        kept.append(tok)
    return kept
