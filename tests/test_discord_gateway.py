"""The gateway misbehaving: dropped, replaying, delivering twice, sending what breaks a
parser, refusing the bot for good. Every interaction gets one answer; the bot keeps
serving, and exits non-zero only when no retry can help."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.app import EXIT_ADAPTER_FAILED, run_bot
from tests.discord_wire import discord_settings, running_bot
from tests.fake_discord import FakeDiscord, Recorded
from tests.test_discord_commands import SITUATION
from tests.waiting import eventually


def callbacks(fake: FakeDiscord, payload: dict[str, object]) -> list[Recorded]:
    return [r for r in fake.requests if r.path.startswith(f"/interactions/{payload['id']}/")]


def follow_ups(fake: FakeDiscord, payload: dict[str, object]) -> list[Recorded]:
    token = str(payload["token"])
    return [
        r
        for r in fake.requests
        if r.method == "POST" and r.path.startswith("/webhooks/") and token in r.path
    ]


async def test_a_thrice_delivered_and_replayed_interaction_is_answered_once(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        fake = wire.fake
        payload = fake.command("jss", "check", situation=SITUATION)
        for _ in range(3):
            await fake.dispatch("INTERACTION_CREATE", payload)
        await wire.follow_up(payload)
        # Discord drops the socket; the bot resumes and Discord replays the interaction.
        fake.replay_on_resume = [("INTERACTION_CREATE", payload)]
        await fake.drop_connection()
        await fake.wait_connected()
        await eventually(lambda: asyncio.sleep(0, fake.resumes == 1))
        later = fake.command("jss", "help")  # served after the resume
        await wire.interact(later)
        await wire.follow_up(later)
        assert len(callbacks(fake, payload)) == 1
        assert len(follow_ups(fake, payload)) == 1
        assert wire.adapter.reconnects >= 1 and wire.adapter.connected


async def test_an_event_that_breaks_the_client_is_logged_and_the_bot_goes_on(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        fake = wire.fake
        # A message with nothing but an id: discord.py's parser fails on it.
        await fake.dispatch("MESSAGE_CREATE", {"id": str(fake.next_id())})
        await eventually(lambda: asyncio.sleep(0, fake.identifies == 2), within=15)
        payload = fake.command("jss", "help")
        await wire.interact(payload)
        await wire.follow_up(payload)
        assert wire.adapter.failure is None and not wire.adapter.finished.is_set()
        assert wire.adapter.reconnects == 1


async def test_a_fatal_close_exits_non_zero_for_a_supervisor(tmp_path: Path) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        settings = discord_settings(
            fake, database_url=f"sqlite:///{tmp_path / 'cases.db'}", engine_processes=0
        )
        running = asyncio.create_task(run_bot(settings, ["discord"], moderator=False))
        await fake.wait_connected(within=30)
        await fake.close_with(4004)  # authentication failed: retrying cannot help
        assert await asyncio.wait_for(running, 30) == EXIT_ADAPTER_FAILED
    finally:
        await fake.stop()
