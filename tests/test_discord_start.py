"""Starting the Discord adapter through the bot's own lifecycle, against the fake."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.registry import AdapterUnavailable
from bot.app import run_bot
from tests.discord_wire import discord_settings
from tests.fake_discord import FakeDiscord


async def test_a_refused_token_stops_the_start_with_one_clear_error(tmp_path: Path) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        settings = discord_settings(
            fake,
            discord_token="not-the-bot-token",
            database_url=f"sqlite:///{tmp_path / 'cases.db'}",
            engine_processes=0,
        )
        with pytest.raises(AdapterUnavailable) as error:
            await run_bot(settings, ["discord"], moderator=False)
    finally:
        await fake.stop()
    message = str(error.value)
    assert message.startswith("the discord adapter could not start: LoginFailure")
    assert "not-the-bot-token" not in message
    assert fake.identifies == 0, "no gateway session was opened with a refused token"
