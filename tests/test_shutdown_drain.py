"""Shutdown with answers still being worked on: each member gets the answer or an apology.

A handler that takes its time keeps answers in flight when the adapter stops,
as a slow engine or case log would; the answers that finish within the grace
are delivered, every other member is told to ask again, and no member hears
twice.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from commands.handlers import HANDLERS
from commands.models import Reply, ReplyKind
from commands.services import CommandContext
from tests import discord_wire, slack_wire
from tests.discord_wire import embed_text
from tests.fake_slack import SIGNING_SECRET, FakeSlackApi, SlackSender

BURST = 20


async def slow_help(ctx: CommandContext) -> Reply:
    # Half the members ask something quick, half something that outlasts the grace.
    quick = int(ctx.invocation.user_id[-1], 16) % 2 == 0
    await asyncio.sleep(0.2 if quick else 30.0)
    return Reply(title="Slow answer", summary="here it is", kind=ReplyKind.ANSWER, ephemeral=True)


HANDLERS_SLOW = {**HANDLERS, "help": slow_help}


async def test_discord_delivers_or_apologises_to_every_deferred_interaction(
    tmp_path: Path,
) -> None:
    async with discord_wire.running_bot(tmp_path / "cases.db", handlers=HANDLERS_SLOW) as wire:
        payloads = [wire.fake.command("jss", "help", user_id=1_000 + n) for n in range(BURST)]
        for payload in payloads:
            callback = await wire.interact(payload)
            assert callback.json["type"] == 5, "deferred at once"
        await wire.adapter.stop()
    answers = apologies = 0
    for payload in payloads:
        posts = [r for r in wire.fake.sent_to(payload["token"]) if r.path.startswith("/webhooks/")]
        assert len(posts) == 1, "one message per member"
        text = embed_text(posts[0])
        answers += "Slow answer" in text
        apologies += "restarting" in text
    assert answers + apologies == BURST
    assert answers and apologies, "some answers were in flight past the grace"


async def test_slack_delivers_or_apologises_to_every_queued_answer(tmp_path: Path) -> None:
    fake = FakeSlackApi()
    await fake.start()
    try:
        async with slack_wire.serving_bot(
            tmp_path / "cases.db", fake.api_url, handlers=HANDLERS_SLOW
        ) as bot:
            assert bot.adapter.http is not None
            url = f"http://127.0.0.1:{bot.adapter.http.port}/slack/events"
            async with SlackSender(url, SIGNING_SECRET, fake) as slack:
                tags = []
                for n in range(BURST):
                    status, tag = await slack.command("help", user=f"U0MEMBER{n:02d}")
                    assert status == 200
                    tags.append(tag)
            await bot.adapter.stop()
    finally:
        await fake.stop()
    answers = apologies = 0
    for tag in tags:
        replies = fake.of("response_url", where=lambda c, t=tag: c.data["_tag"] == t)
        assert len(replies) == 1, "one message per member"
        answers += "Slow answer" in str(replies[0].data)
        apologies += "restarting" in str(replies[0].data)
    assert answers + apologies == BURST
    assert answers and apologies, "some answers were still being worked on at shutdown"
