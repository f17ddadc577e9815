"""`jss-helper discord sync` and the invite URL, against the fake."""

from __future__ import annotations

from bot.adapters.discord.sync import sync_once
from tests.discord_wire import discord_settings
from tests.fake_discord import APP_ID, GUILD_ID, FakeDiscord

# View channel, send messages, embed links, read message history, send messages in threads.
NEEDED = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 38)


async def test_sync_publishes_to_the_guilds_and_tells_the_invite_url() -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        said = await sync_once(discord_settings(fake))
        names = {command["name"] for command in fake.commands[str(GUILD_ID)]}
        assert names == {"jss", "jss-case"}
        assert "global" not in fake.commands
        assert f"client_id={APP_ID}" in said
        assert f"permissions={NEEDED}" in said
        assert "scope=bot+applications.commands" in said
        assert fake.identifies == 0  # REST only: no gateway session for a sync
        assert all(r.authorization in (None, "Bot fake-bot-token") for r in fake.requests)
    finally:
        await fake.stop()


async def test_sync_without_guilds_publishes_globally() -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        await sync_once(discord_settings(fake, discord_guild_ids=""))
        assert {command["name"] for command in fake.commands["global"]} == {"jss", "jss-case"}
    finally:
        await fake.stop()
