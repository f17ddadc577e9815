"""The dispatcher through the queue-backed test adapter: the path every platform takes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping

import pytest

from bot.adapters.testing import QueueAdapter
from commands.dispatcher import Dispatcher, Handler
from commands.models import Reply, ReplyKind
from commands.ratelimit import RateLimiter
from commands.services import CommandContext, Services


async def broken(ctx: CommandContext) -> Reply:
    raise RuntimeError("the engine fell over")


async def echo(ctx: CommandContext) -> Reply:
    return Reply(title="echo", summary=repr(sorted(ctx.options.items())))


HANDLERS: Mapping[str, Handler] = {
    "check": broken,
    "help": echo,
    "case show": echo,
    "outcome": echo,
}


@pytest.fixture
async def adapter() -> AsyncIterator[QueueAdapter]:
    queue = QueueAdapter(Dispatcher(Services(), HANDLERS))
    await queue.start()
    yield queue
    await queue.stop()


async def test_a_handler_that_raises_gets_an_apology_with_an_error_id_logged_once(
    adapter: QueueAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    reply = await adapter.send("/jss check anything at all")
    assert reply.kind is ReplyKind.ERROR
    assert reply.error_id is not None and reply.error_id in reply.summary
    assert "fell over" not in reply.as_text(), "internals never reach the member"
    logged = [r for r in caplog.records if reply.error_id in r.getMessage()]
    assert len(logged) == 1
    assert logged[0].exc_info is not None, "the log line carries the traceback"
    after = await adapter.send("/jss help notation")
    assert after.title == "echo", "the adapter keeps serving after a failure"
    assert "notation" in after.summary


async def test_moderator_commands_are_refused_to_members_without_detail(
    adapter: QueueAdapter,
) -> None:
    refused = await adapter.send("/jss case show C-7K2M9")
    assert refused.kind is ReplyKind.REFUSAL
    assert "C-7K2M9" not in refused.as_text()
    allowed = await adapter.send("/jss case show C-7K2M9", moderator=True)
    assert allowed.title == "echo" and "C-7K2M9" in allowed.summary


async def test_bad_options_get_the_usage_not_the_handler(adapter: QueueAdapter) -> None:
    reply = await adapter.send("/jss outcome not-a-case 88%")
    assert reply.ephemeral and "case ids look like" in reply.summary


async def test_unknown_command_points_to_help(adapter: QueueAdapter) -> None:
    reply = await adapter.send("/jss dance")
    assert "/jss help" in reply.summary


async def test_rate_limit_applies_per_member() -> None:
    limiter = RateLimiter(per_minute=1, burst=2)
    queue = QueueAdapter(Dispatcher(Services(), HANDLERS, limiter))
    await queue.start()
    try:
        first = [await queue.send("/jss help") for _ in range(2)]
        limited = await queue.send("/jss help")
        other = await queue.send("/jss help", user="member-2")
    finally:
        await queue.stop()
    assert all(reply.title == "echo" for reply in first)
    assert limited.kind is ReplyKind.REFUSAL and "Try again in" in limited.summary
    assert other.title == "echo"


async def test_dispatch_never_raises_for_a_command_without_handler() -> None:
    dispatcher = Dispatcher(Services(), {})
    queue = QueueAdapter(dispatcher)
    await queue.start()
    try:
        reply = await queue.send("/jss forget-me")
    finally:
        await queue.stop()
    assert "don't know the command" in reply.summary
