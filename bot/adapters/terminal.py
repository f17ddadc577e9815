"""A `Reply` as plain terminal text: used by the console adapter and `jss-helper advise`.

Kept apart from the console adapter so a one-shot answer does not load the
event loop machinery the adapter needs.
"""

from __future__ import annotations

import re

from commands.models import Reply

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_STRIKE = re.compile(r"~~(.+?)~~")
_ITALIC = re.compile(r"(?<!\w)_(.+?)_(?!\w)")


def terminal_text(reply: Reply, *, color: bool) -> str:
    """The reply's text with markdown turned into terminal bold, or dropped."""
    text = reply.as_text()
    if reply.buttons:
        # The console has no buttons; each one is a command the member can type.
        text += "\n\n" + "\n".join(
            f"- {button.label}: /jss {button.action.value} {button.case_id}"
            for button in reply.buttons
        )
    bold = r"\033[1m\1\033[0m" if color else r"\1"
    text = _BOLD.sub(bold, text)
    text = _STRIKE.sub(r"\1 (not open)", text)
    return _ITALIC.sub(r"\1", text)
