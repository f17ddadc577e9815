"""Run one command: check who may, check the options, call the handler, never crash.

Every adapter hands its `Invocation`s here, so permission, rate limit, option
checks and error handling behave the same on every platform.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace

from commands.command_line import UsageError, parse_command_line, validate_options
from commands.models import Invocation, Reply, ReplyKind
from commands.ratelimit import RateLimiter
from commands.services import CommandContext, Services
from commands.specs import find_command

Handler = Callable[[CommandContext], Awaitable[Reply]]

log = logging.getLogger(__name__)


def new_error_id() -> str:
    """A short id a member can quote to a moderator, and that finds the log line."""
    return "E-" + secrets.token_hex(3).upper()


def usage_reply(message: str) -> Reply:
    """A reply telling the member what to type instead; only they see it."""
    return Reply(title="Let's fix that command", summary=message, ephemeral=True)


class Dispatcher:
    """Runs commands from every adapter through the same checks."""

    def __init__(
        self,
        services: Services,
        handlers: Mapping[str, Handler],
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.services = services
        self._handlers = handlers
        self._rate_limiter = rate_limiter

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
        """Answer one invocation. Always returns a Reply; never raises."""
        if invocation.received_at is None:
            invocation = replace(invocation, received_at=self.services.clock.now())
        spec = find_command(invocation.command)
        handler = self._handlers.get(invocation.command)
        if spec is None or handler is None:
            return usage_reply(
                f"I don't know the command `{invocation.command[:30]}`. "
                "Type `/jss help` for the list."
            )
        if spec.moderator_only and not invocation.is_moderator:
            return Reply(
                title="Moderators only",
                summary="Sorry, this command is for the community's moderators.",
                kind=ReplyKind.REFUSAL,
                ephemeral=True,
            )
        wait = self._rate_limiter.retry_after(_rate_key(invocation)) if self._rate_limiter else 0
        if wait > 0:
            return Reply(
                title="One moment, please",
                summary=f"You're asking faster than I can keep up. Try again in {wait:.0f} s.",
                kind=ReplyKind.REFUSAL,
                ephemeral=True,
            )
        try:
            options = validate_options(spec, invocation.options)
            return await handler(CommandContext(invocation, options, self.services))
        except UsageError as error:
            return usage_reply(str(error))
        except Exception:
            error_id = new_error_id()
            log.exception("command %r failed, error id %s", spec.path, error_id)
            return error_reply(error_id)


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


def _rate_key(invocation: Invocation) -> str:
    return f"{invocation.platform}:{invocation.user_id}"
