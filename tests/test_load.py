"""2,000 commands in bursts through Discord, Slack and the test adapter at once, one bot.

One dispatcher and one case log serve the three adapters, as in `jss-helper run`
with several adapters. Every command is answered exactly once (one callback and
one answer per interaction, one answer per slash command, one reply per test
message) and every situation asked is in the log exactly once.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from advice.clock import FixedClock
from bot.adapters.discord import DiscordAdapter
from bot.adapters.slack import SlackAdapter
from bot.adapters.testing import QueueAdapter
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.models import Reply
from commands.services import Services
from storage.anonymize import IdHasher
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter
from tests.discord_wire import discord_settings
from tests.fake_discord import FakeDiscord
from tests.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlackApi, SlackSender
from tests.test_discord_commands import SITUATION
from tests.waiting import eventually

SECRET = b"load-test-secret-0123456789"
TODAY = date(2026, 3, 2)
PER_ADAPTER = {"discord": 700, "slack": 700, "test": 600}
BURST = 50


def is_check(n: int) -> bool:
    """Two commands in five ask a situation (and log a case); the others ask for help."""
    return n % 5 < 2


Send = Callable[[int], Awaitable[None]]


async def in_bursts(count: int, send: Send) -> None:
    for start in range(0, count, BURST):
        await asyncio.gather(*(send(n) for n in range(start, min(count, start + BURST))))


async def test_two_thousand_commands_through_three_adapters_at_once(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.db")
    await store.start()
    writer = CaseWriter(store, backoff_initial=0.05, backoff_max=0.2)
    await writer.start()
    services = Services(
        store=store, recorder=writer, hasher=IdHasher(SECRET), clock=FixedClock(TODAY)
    )
    dispatcher = Dispatcher(services, HANDLERS)
    discord_fake, slack_fake = FakeDiscord(), FakeSlackApi()
    await discord_fake.start()
    await slack_fake.start()
    discord = DiscordAdapter(dispatcher, discord_settings(discord_fake))
    slack = SlackAdapter(
        dispatcher,
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=slack_fake.api_url,
        host="127.0.0.1",
        port=0,
    )
    test = QueueAdapter(dispatcher)
    for adapter in (discord, slack, test):
        await adapter.start()
    assert slack.http is not None
    sender = SlackSender(
        f"http://127.0.0.1:{slack.http.port}/slack/events", SIGNING_SECRET, slack_fake
    )
    interactions = [
        discord_fake.command("jss", "check", user_id=10_000 + n, situation=SITUATION)
        if is_check(n)
        else discord_fake.command("jss", "help", user_id=10_000 + n)
        for n in range(PER_ADAPTER["discord"])
    ]

    async def discord_one(n: int) -> None:
        await discord_fake.dispatch("INTERACTION_CREATE", interactions[n])

    async def slack_one(n: int) -> None:
        text = f"check {SITUATION}" if is_check(n) else "help"
        status, _ = await sender.command(text, user=f"U0LOAD{n:04d}", channel=f"C0LOAD{n:04d}")
        assert status == 200

    test_replies: list[Reply] = []

    async def test_one(n: int) -> None:
        text = f"/jss check {SITUATION}" if is_check(n) else "/jss help"
        test_replies.append(await test.send(text, user=f"member-{n}"))

    try:
        async with sender:
            await asyncio.gather(
                in_bursts(PER_ADAPTER["discord"], discord_one),
                in_bursts(PER_ADAPTER["slack"], slack_one),
                # The test adapter answers in order: one sender at a time.
                _one_by_one(PER_ADAPTER["test"], test_one),
            )
            checks = sum(is_check(n) for count in PER_ADAPTER.values() for n in range(count))
            await eventually(lambda: _answered(discord_fake, slack_fake), within=50)
            await eventually(lambda: asyncio.sleep(0, writer.pending == 0), within=20)
    finally:
        for adapter in (discord, slack, test):
            await adapter.stop()
        await writer.stop()
        await store.close()
        await discord_fake.stop()
        await slack_fake.stop()

    # Discord: one callback and one answer per interaction.
    callbacks = Counter(r.path.split("/")[2] for r in discord_fake.sent_to("/interactions/"))
    assert callbacks == Counter({str(p["id"]): 1 for p in interactions})
    answers = Counter(
        r.path.split("/")[3]
        for r in discord_fake.requests
        if r.method == "POST" and r.path.startswith("/webhooks/")
    )
    assert answers == Counter({str(p["token"]): 1 for p in interactions})
    # Slack: one answer per command, in its own channel (checks) or to its sender (help).
    summaries = Counter(
        str(call.data["channel"])
        for call in slack_fake.of("chat.postMessage")
        if not call.data.get("thread_ts")
    )
    private = Counter(str(call.data["_tag"]) for call in slack_fake.of("response_url"))
    slack_checks = [n for n in range(PER_ADAPTER["slack"]) if is_check(n)]
    assert summaries == Counter({f"C0LOAD{n:04d}": 1 for n in slack_checks})
    assert sum(private.values()) == PER_ADAPTER["slack"] - len(slack_checks)
    assert set(private.values()) == {1}
    # The test adapter: one reply per message.
    assert len(test_replies) == PER_ADAPTER["test"]
    # The log: every situation asked, once.
    with sqlite3.connect(tmp_path / "cases.db") as db:
        rows = [row[0] for row in db.execute("SELECT case_id FROM cases")]
    assert len(rows) == len(set(rows)) == checks
    answered_ids = {reply.case_id for reply in test_replies if reply.case_id}
    assert answered_ids <= set(rows)


async def _one_by_one(count: int, send: Send) -> None:
    for n in range(count):
        await send(n)


async def _answered(discord_fake: FakeDiscord, slack_fake: FakeSlackApi) -> bool:
    webhooks = sum(
        1 for r in discord_fake.requests if r.method == "POST" and r.path.startswith("/webhooks/")
    )
    slack_checks = sum(is_check(n) for n in range(PER_ADAPTER["slack"]))
    summaries = sum(1 for c in slack_fake.of("chat.postMessage") if not c.data.get("thread_ts"))
    private = len(slack_fake.of("response_url"))
    return (
        webhooks >= PER_ADAPTER["discord"]
        and summaries >= slack_checks
        and private >= PER_ADAPTER["slack"] - slack_checks
    )
