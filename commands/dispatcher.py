"""Run one command: check who may, check the options, call the handler, never crash.

Every adapter hands its `Invocation`s here, so permission, rate limit, option
checks and error handling behave the same on every platform.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Protocol

from commands import correlation
from commands.command_line import UsageError, parse_command_line, validate_options
from commands.models import Invocation, Reply, ReplyKind
from commands.ratelimit import RateLimit
from commands.services import CommandContext, Services
from commands.specs import find_command
from storage.interface import StoreError

Handler = Callable[[CommandContext], Awaitable[Reply]]

log = logging.getLogger(__name__)


class CommandObserver(Protocol):
    """Told how each command ended (metrics); must not raise or block."""

    def command_done(self, command: str, outcome: str, seconds: float) -> None: ...


def usage_reply(message: str) -> Reply:
    """A reply telling the member what to type instead; only they see it."""
    return Reply(title="Let's fix that command", summary=message, ephemeral=True)


class Dispatcher:
    """Runs commands from every adapter through the same checks."""

    def __init__(
        self,
        services: Services,
        handlers: Mapping[str, Handler],
        rate_limiter: RateLimit | None = None,
        observer: CommandObserver | None = None,
    ) -> None:
        self.services = services
        self._handlers = handlers
        self._rate_limiter = rate_limiter
        self.observer = observer

    async def dispatch_line(self, line: str, template: Invocation) -> Reply:
        """Answer a typed `/jss ...` line (console, Slack); `template` says who and where."""
        try:
            parsed = parse_command_line(line)
        except UsageError as error:
            return usage_reply(str(error))
        return await self.dispatch(
            replace(template, command=parsed.spec.path, options=parsed.options)
        )

    async def dispatch(self, invocation: Invocation) -> Reply:
        """Answer one invocation. Always returns a Reply; never raises.

        The command runs under a fresh correlation id (see commands/correlation.py):
        every log line it writes carries it, and so does an error reply.
        """
        started = time.perf_counter()
        token = correlation.CURRENT.set(correlation.new_correlation_id())
        try:
            reply, outcome = await self._dispatch(invocation)
        finally:
            correlation.CURRENT.reset(token)
        if self.observer is not None:
            name = invocation.command if find_command(invocation.command) else "unknown"
            self.observer.command_done(name, outcome, time.perf_counter() - started)
        return reply

    async def _dispatch(self, invocation: Invocation) -> tuple[Reply, str]:
        """The reply and how the command ended, for the metrics."""
        if invocation.received_at is None:
            invocation = replace(invocation, received_at=self.services.clock.now())
        spec = find_command(invocation.command)
        handler = self._handlers.get(invocation.command)
        if spec is None or handler is None:
            return usage_reply(
                f"I don't know the command `{invocation.command[:30]}`. "
                "Type `/jss help` for the list."
            ), "usage"
        if spec.moderator_only and not invocation.is_moderator:
            return MODERATORS_ONLY, "refused"
        limiter = self._rate_limiter if spec.rate_limited and invocation.rate_limited else None
        wait = await limiter.check(self._rate_key(invocation)) if limiter is not None else 0
        if wait > 0:
            return Reply(
                title="One moment, please",
                summary=f"You're asking faster than I can keep up. Try again in {wait:.0f} s.",
                kind=ReplyKind.REFUSAL,
                ephemeral=True,
            ), "rate-limited"
        error_id = correlation.current() or correlation.new_correlation_id()
        try:
            options = validate_options(spec, invocation.options)
            reply = await handler(CommandContext(invocation, options, self.services))
        except UsageError as error:
            return usage_reply(str(error)), "usage"
        except StoreError as error:
            # Timed out or refused: a clear word to the member; nothing of theirs is lost
            # (cases wait in the writer), and the id leads to the log line.
            log.warning("command %r, id %s: the case log failed (%s)", spec.path, error_id, error)
            return store_unavailable_reply(error_id), "store-unavailable"
        except Exception:
            log.exception("command %r failed, id %s", spec.path, error_id)
            return error_reply(error_id), "error"
        return reply, reply.kind.value

    def _rate_key(self, invocation: Invocation) -> str:
        """Whose bucket a command comes out of: a keyed hash of the member, because a
        shared limiter keeps its buckets in the store, where no platform id may go."""
        who = f"{invocation.platform}:{invocation.user_id}"
        hasher = self.services.hasher
        return hasher.hash("rate", who) if hasher is not None else who


MODERATORS_ONLY = Reply(
    title="Moderators only",
    summary="Sorry, this command is for the community's moderators.",
    kind=ReplyKind.REFUSAL,
    ephemeral=True,
)


def store_unavailable_reply(error_id: str) -> Reply:
    """What a member sees when the case log did not answer in time."""
    return Reply(
        title="The case log is not answering",
        summary=(
            "I couldn't reach the case log just now, so I couldn't do that. Please try "
            f"again in a minute; if it keeps happening, tell a moderator the id **{error_id}**."
        ),
        kind=ReplyKind.ERROR,
        ephemeral=True,
        error_id=error_id,
    )


def error_reply(error_id: str) -> Reply:
    """The apology a member sees when something broke inside."""
    return Reply(
        title="Sorry, something went wrong",
        summary=(
            "I couldn't finish that answer. Please try again in a moment; if it keeps "
            f"happening, tell a moderator the error id **{error_id}**."
        ),
        kind=ReplyKind.ERROR,
        ephemeral=True,
        error_id=error_id,
    )
