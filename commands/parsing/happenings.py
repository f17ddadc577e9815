"""What a sentence's event and question words set: what happened, what is asked.

The cues themselves are data in `events.py`; this reads one sentence's tokens
into the facts that belong to no single contract.
"""

from __future__ import annotations

from advice.situation import Intent
from commands.parsing.events import ACTION_INTENTS, DIRECT_INTENTS, EVENT_FLAGS
from commands.parsing.facts import Facts
from commands.parsing.lexer import Token

# What each evidence cue says: in writing or not, and whether it settles it ("never
# wrote it") or only hints ("on a call", "in the chat") when nothing else is said.
EVIDENCE: dict[str, tuple[bool, bool]] = {
    "written": (True, True),
    "not_written": (False, True),
    "verbal": (False, False),
    "in_chat": (True, False),
}

# Actions that are asked about even when not said as a question ("I want to end it").
_ASKED_ANYWAY = frozenset({"act_end", "remove_fb", "refund_word", "dispute_word"})


def read_events(
    facts: Facts, toks: list[Token], kinds: set[str], question: bool, dormancy: bool
) -> None:
    """Events (threat, evidence, milestones) and intents of one sentence, into `facts`.

    An action word is an intent in a question ("should I open a dispute?") and a
    fact otherwise.
    """
    for tok in toks:
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
    perk_named = facts.perk_mentioned or bool(kinds & {"perk_used", "perk_word"})
    if question and (kinds & {"perk_used", "perk_word"} or (perk_named and "use_it" in kinds)):
        facts.intend(Intent.USE_PERK)  # "can I use it again?": a question about the perk
    if "perk_used" in kinds or "use_perk" in kinds:
        facts.perk_mentioned = True
    if dormancy:
        facts.intend(Intent.DORMANT)
