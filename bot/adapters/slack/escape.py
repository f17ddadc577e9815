"""Slack's text syntax both ways: read what a member typed, and write text that never pings.

Incoming: Slack sends `&`, `<`, `>` as entities and mentions, channels and links
as `<...>` tokens; the parser wants the words as the member saw them.

Outgoing: every character of our reply may carry member text (an echoed phrase,
an unreadable fragment), so all of it is escaped. With `&`, `<`, `>` escaped,
`<!channel>`, `<!here>` and `<@U…>` are plain text and notify nobody.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"<([^<>]*)>")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_STRIKE = re.compile(r"~~(.+?)~~", re.DOTALL)


def _readable(token: str) -> str:
    target, _, label = token.partition("|")
    if target.startswith("@"):  # user mention <@U123|name>
        return "@" + (label or "member")
    if target.startswith("#"):  # channel <#C123|general>
        return "#" + (label or "channel")
    if target.startswith("!subteam^"):  # user group <!subteam^S123|@team>
        return label or "@group"
    if target.startswith("!"):  # <!channel>, <!here>, <!date^...|fallback>
        return label or "@" + target[1:].split("^", 1)[0]
    return label or target  # a link: its label, else the address


def slack_to_plain(text: str) -> str:
    """The text as the member saw it: tokens made readable, entities decoded."""
    text = _TOKEN.sub(lambda match: _readable(match.group(1)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Escape Slack's three control characters, so no text can become a mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(text: str) -> str:
    """Our markdown subset (`**bold**`, `~~strike~~`, `_italic_`, backticks) as escaped mrkdwn."""
    text = escape(text)
    text = _BOLD.sub(r"*\1*", text)
    return _STRIKE.sub(r"~\1~", text)


def to_plain(text: str) -> str:
    """For `plain_text` objects (headers, buttons, modal fields): markup dropped.

    Plain text is shown as-is, entities included, so instead of escaping, the
    angle brackets become look-alikes: nothing in it can ever read as a token.
    """
    text = _STRIKE.sub(r"\1", _BOLD.sub(r"\1", text))
    return text.replace("<", "‹").replace(">", "›")
