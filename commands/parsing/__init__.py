"""Reading a member's situation: free text as written in a forum post, or the compact notation.

    parse_situation(text, as_of=clock.today())  # picks notation or free text
    parse_text(text, as_of=...)                # free text only
    parse_notation(text, as_of=...)            # notation only
    render_notation(situation)                 # canonical notation of a Situation

Every entry point raises only `ParseError`, whose message is meant for the member.
"""

from __future__ import annotations

import re
from datetime import date

from commands.parsing.freetext import parse_text
from commands.parsing.notation import NOTATION_HELP, parse_notation, render_notation
from commands.parsing.notation_words import WORD_PATTERNS
from commands.parsing.result import ParseError, ParseResult
from commands.parsing.sanitize import MAX_INPUT_CHARS, check_length, clean

__all__ = [
    "MAX_INPUT_CHARS",
    "NOTATION_HELP",
    "ParseError",
    "ParseResult",
    "looks_like_notation",
    "parse_notation",
    "parse_situation",
    "parse_text",
    "render_notation",
]

# A token of the notation, by shape; free text has many words that match none.
_NOTATION_TOKEN = re.compile("|".join(f"(?:{p})" for p in WORD_PATTERNS), re.IGNORECASE)
NOTATION_SHARE = 0.75
"""Share of notation-shaped tokens above which a line is read as notation (so typos get
a precise error instead of a free-text guess)."""


def looks_like_notation(text: str) -> bool:
    """One line whose tokens are mostly notation tokens, with a separator or a setting."""
    if not _mostly_notation(text.strip()):
        return False  # most posts stop here, before the cost of cleaning
    line = clean(text).strip()
    return _mostly_notation(line) and (";" in line or _mostly_notation(line, share=1.0))


def _mostly_notation(line: str, share: float = NOTATION_SHARE) -> bool:
    if "\n" in line or not line:
        return False
    words = line.replace(";", " ").split()
    known = sum(1 for word in words if _NOTATION_TOKEN.fullmatch(word))
    return known >= share * len(words)


def parse_situation(text: str, *, as_of: date, score_known: bool = False) -> ParseResult:
    """Read a member's situation, as notation when it looks like it, else as free text
    (`score_known`: see `parse_text`)."""
    check_length(text)
    if looks_like_notation(text):
        return parse_notation(text, as_of=as_of)
    return parse_text(text, as_of=as_of, score_known=score_known)
