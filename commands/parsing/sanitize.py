"""Input hygiene: bounded length, no control characters, no live mentions.

Everything the bot reads back to a chat (the `understood` and `unread` lines)
passes through `neutralise`, so a member cannot make the bot ping `@everyone`
or a role by writing it into a situation.
"""

from __future__ import annotations

import re
import unicodedata

from commands.parsing.result import ParseError

MAX_INPUT_CHARS = 6000
"""Longest text accepted; a forum post is far shorter, and it bounds parsing time."""

SNIPPET_CHARS = 40
"""Longest piece of member text echoed back in `unread`."""

# Discord (<@123>, <@!123>, <@&5>, <#9>, </cmd:1>) and Slack (<!channel>, <@U123>,
# <#C1|name>, <!subteam^S1>) mention syntax, and links, whose digits are not facts.
_MENTION = re.compile(r"<[@#!/][^<>\s]{0,100}>")
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>]{1,500}")
_LINK_MARKS = ("://", "www.")
"""What every `_LINK` match holds one of: without any, the pass is skipped."""
# Broadcast words that ping without angle brackets in Discord and Slack.
_BROADCAST = re.compile(r"@(?=(?:everyone|here|channel|all|group)\b)", re.IGNORECASE)
# Markdown emphasis, code and strike marks carry no facts; a single `*` after a
# digit is the star notation ("5*") and is kept. Each alternative opens with its mark (a
# lone `*` looks behind itself once matched), so a search skips from mark to mark.
_MARKDOWN = re.compile(r"\*\*|__*|~~|``*|\|\||\*(?<![0-9] \*)(?<![0-9]\*)")
# Quote and heading marks opening a line. Taken out before the others, as one pass over
# both found them: no match of one holds a character of the other, nor a digit.
_LINE_MARKDOWN = re.compile(r"^[ \t]*(?:>+|#+ )", re.MULTILINE)
# Bullets stay, as one mark: a list's lines are its contracts.
_BULLET = re.compile(r"^[ \t]*[-+*•·][ \t]+", re.MULTILINE)
# Runs of blanks, and single blanks other than a space: a lone space stays as it is, so
# a post's every word gap is not rewritten.
_SPACES = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")
_SPACES_MARKS = ("  ", "\t", "\u00a0")
"""What every `_SPACES` match holds one of: without any, the pass (dearer than looking for
them) is skipped."""
_MARKS = "*_~`|"
"""Every character a `_MARKDOWN` match holds at least one of: without them, no markup."""
_LINE_MARKS = ">#"
"""Every character a `_LINE_MARKDOWN` match holds at least one of."""
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Emoji variation selectors sit between repeated stars ("⭐️⭐️") and mean nothing here.
_VARIATION_SELECTORS = frozenset("\ufe0e\ufe0f")
_ASCII_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
# Written as one character then the rest of the run, not `[^\x00-\x7f]+`: opening with a
# class, the search skips ASCII text in one tight loop (twice as fast).
_NON_ASCII = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")


def check_length(text: str) -> None:
    """Refuse empty and over-long input before any work is done on it."""
    if len(text) > MAX_INPUT_CHARS:
        raise ParseError(
            f"That is {len(text):,} characters; the limit is {MAX_INPUT_CHARS:,}. "
            "Describe only the contracts that matter (the last 24 months) and your question."
        )
    if not text.strip():
        raise ParseError(
            "There is nothing to read. Describe your contracts (earnings, feedback) "
            "and your question, or use the compact notation (see /jss help)."
        )


def clean(text: str) -> str:
    """Normalise text for reading: NFKC, no control or format characters, no mentions or links.

    Mentions and links become spaces so their digits are never read as amounts.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _ASCII_CONTROLS.sub("", text)
    if not text.isascii():
        # Only non-ASCII runs need a per-character look; most posts have few of them.
        text = _NON_ASCII.sub(_drop_invisible, text)
    text = _MENTION.sub(" ", text)
    if any(mark in text for mark in _LINK_MARKS):
        text = _LINK.sub(" ", text)
    text = _BULLET.sub("- ", text)
    if any(mark in text for mark in _LINE_MARKS):
        text = _LINE_MARKDOWN.sub(" ", text)
    if any(mark in text for mark in _MARKS):
        text = _MARKDOWN.sub(" ", text)
    if any(mark in text for mark in _SPACES_MARKS):
        text = _SPACES.sub(" ", text)
    return text


def _drop_invisible(match: re.Match[str]) -> str:
    return "".join(
        ch
        for ch in match.group()
        if unicodedata.category(ch) not in _DROPPED_CATEGORIES and ch not in _VARIATION_SELECTORS
    )


def neutralise(text: str) -> str:
    """Make a piece of text safe to echo: no mention syntax, no broadcast pings, no markup."""
    text = clean(text) if text else text
    text = _BROADCAST.sub("\uff20", text)
    text = text.replace("@", "\uff20").replace("<", "\u2039").replace(">", "\u203a")
    return " ".join(text.split())


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """A short, neutralised piece of member text for the `unread` list."""
    text = neutralise(text)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"
