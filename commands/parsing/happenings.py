"""What a sentence's event and question words set: what happened, what is asked.

The cues themselves are data in `events.py`; this reads one sentence's tokens
into the facts that belong to no single contract.
"""

from __future__ import annotations

from advice.situation import Intent
from commands.parsing.events import ACTION_INTENTS, DIRECT_INTENTS, EVENT_FLAGS
from commands.parsing.facts import Facts
from commands.parsing.kinds import Kind
from commands.parsing.lexer import Token

# What each evidence cue says: in writing or not, and whether it settles it ("never
# wrote it") or only hints ("on a call", "in the chat") when nothing else is said.
EVIDENCE: dict[Kind, tuple[bool, bool]] = {
    Kind.WRITTEN: (True, True),
    Kind.NOT_WRITTEN: (False, True),
    Kind.VERBAL: (False, False),
    Kind.IN_CHAT: (True, False),
}

# Actions that are asked about even when not said as a question ("I want to end it").
_ASKED_ANYWAY = frozenset({Kind.ACT_END, Kind.REMOVE_FB, Kind.REFUND_WORD, Kind.DISPUTE_WORD})


def read_events(
    facts: Facts, toks: list[Token], kinds: frozenset[Kind], question: bool, dormancy: bool
) -> None:
    """Events (threat, evidence, milestones) and intents of one sentence (`kinds`: its
    tokens' kinds), into `facts`.

    An action word is an intent in a question ("should I open a dispute?") and a
    fact otherwise.
    """
    if not kinds.isdisjoint(_TOKEN_CUES):
        for tok in toks:
            _read_cue(facts, tok, question)
    perk_named = facts.perk_mentioned or not kinds.isdisjoint(_PERK_NAMED)
    if question and (not kinds.isdisjoint(_PERK_NAMED) or (perk_named and Kind.USE_IT in kinds)):
        facts.intend(Intent.USE_PERK)  # "can I use it again?": a question about the perk
    if not kinds.isdisjoint(_PERK_SAID):
        facts.perk_mentioned = True
    if dormancy:
        facts.intend(Intent.DORMANT)


def _read_cue(facts: Facts, tok: Token, question: bool) -> None:
    """What one token says of the events and intents, if anything."""
    if tok.kind in EVENT_FLAGS:
        facts.events[EVENT_FLAGS[tok.kind]] = True
    elif tok.kind in EVIDENCE:
        in_writing, firm = EVIDENCE[tok.kind]
        if firm:
            facts.events["evidence_in_writing"] = in_writing
        else:
            facts.events.setdefault("evidence_in_writing", in_writing)
    intent = DIRECT_INTENTS.get(tok.kind)
    if intent is not None:
        facts.intend(intent)
    action = ACTION_INTENTS.get(tok.kind)
    if action is not None and (question or tok.kind in _ASKED_ANYWAY):
        facts.intend(action)


_TOKEN_CUES = frozenset({*EVENT_FLAGS, *EVIDENCE, *DIRECT_INTENTS, *ACTION_INTENTS})
"""Kinds a token says something by; a sentence without any is read by its kinds alone."""
_PERK_NAMED = frozenset({Kind.PERK_USED, Kind.PERK_WORD})
_PERK_SAID = frozenset({Kind.PERK_USED, Kind.USE_PERK})
