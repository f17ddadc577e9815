"""Cutting long reply text to a platform's size limits, never in the middle of a word.

Every platform has limits (an embed field, a Block Kit section); the rule for
where to cut is the same everywhere, so it lives here.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"


def split_text(text: str, limit: int, *, unsplittable: re.Pattern[str] | None = None) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, then a line, then a word.

    Only a single word longer than the limit is ever cut; `unsplittable` matches a
    token at the end of such a cut that must move whole to the next piece (Slack's
    `&amp;` escapes, for one).
    """
    if limit < 1:
        raise ValueError("the limit must be at least one character")
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for boundary in ("\n\n", "\n", " "):
            cut = window.rfind(boundary)
            if cut > 0:
                break
        if cut <= 0:
            cut = limit
            tail = unsplittable.search(rest[:cut]) if unsplittable else None
            if tail and tail.start() > 0:
                cut = tail.start()
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def shorten(text: str, limit: int, *, unsplittable: re.Pattern[str] | None = None) -> str:
    """At most `limit` characters: cut at a word boundary and marked with an ellipsis."""
    if len(text) <= limit:
        return text
    head = split_text(text, limit - len(ELLIPSIS), unsplittable=unsplittable)[0]
    return head.rstrip() + ELLIPSIS
