"""One id per command, carried by every log line written while it runs and by its error reply.

The dispatcher sets it when a command starts; logging reads it, so a member who
quotes the id of an error reply leads a moderator to every line of that command.
"""

from __future__ import annotations

import os
from contextvars import ContextVar

CURRENT: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def new_correlation_id() -> str:
    """A short id a member can quote to a moderator, and that finds the log lines."""
    # os.urandom is what `secrets.token_hex` reads; importing `secrets` (hmac, random)
    # would cost a one-shot answer 5 ms for three bytes.
    return "E-" + os.urandom(3).hex().upper()


def current() -> str | None:
    """The id of the command running in this task, if any."""
    return CURRENT.get()
