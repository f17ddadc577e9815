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
_NEGATED = re.compile(
    rf"\b(?P<negator>{NEGATORS})\b(?:\s+[^\s,.;:!?()\"]+){{0,{_SCOPE_WORDS - 1}}}\s*$"
)
# Negators that leave it still to come: "he hasn't left feedback" (yet), unlike "never".
_NOT_YET = frozenset({"hasn't", "haven't"})
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
    Kind.FB_NEG: None,  # "he not give bad review", "no bad reviews so far"
}
# What a cue means when negated by a "not yet" negator, where that differs.
NOT_YET_KIND: dict[Kind, Kind] = {
    Kind.FB_GIVEN: Kind.FB_PENDING,  # "the client hasn't left feedback": it may still come
    Kind.REVIEW_WORD: Kind.FB_PENDING,
}


def negator(text: str, tok: Token) -> str | None:
    """The negator standing a few words before `tok`, in its clause, if one does."""
    before = text[max(0, tok.start - 40) : tok.start]
    clause = _CLAUSE_END.split(before)[-1]
    found = _NEGATED.search(clause)
    return None if found is None else found["negator"]


def apply_negation(text: str, toks: list[Token]) -> list[Token]:
    """The tokens with each negated cue turned into what its negation means, or dropped."""
    kept: list[Token] = []
    for tok in toks:
        word = negator(text, tok) if tok.kind in NEGATED_KIND else None
        if word is None:
            kept.append(tok)
            continue
        opposite = NEGATED_KIND[tok.kind]
        if word in _NOT_YET:
            opposite = NOT_YET_KIND.get(tok.kind, opposite)
        if opposite is not None:
            kept.append(replace(tok, kind=opposite))
    return kept
