"""Publishing the commands: at start only when their definitions changed, always with
`jss-helper discord sync`; and the invite URL. Against the fake, on a real SQLite file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.adapters.discord import commands_tree
from bot.adapters.discord.sync import sync_once
from commands.specs import COMMANDS
from storage.anonymize import IdHasher
from storage.sqlite import SqliteCaseStore
from tests.discord_wire import CASE_SECRET, discord_settings, running_bot
from tests.fake_discord import APP_ID, GUILD_ID, OTHER_GUILD_ID, FakeDiscord

PUBLISHED_NAMES = {"jss", "jss-case", "Check with JSS helper"}

# View channel, send messages, embed links, read message history, send messages in threads.
NEEDED = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 38)


async def test_sync_publishes_to_the_guilds_and_tells_the_invite_url() -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        said = await sync_once(discord_settings(fake))
        names = {command["name"] for command in fake.commands[str(GUILD_ID)]}
        assert names == PUBLISHED_NAMES
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
        assert {command["name"] for command in fake.commands["global"]} == PUBLISHED_NAMES
    finally:
        await fake.stop()


def publications(fake: FakeDiscord) -> list[str]:
    """Where each bulk overwrite of the commands went (`global` or a guild id), in order."""
    return [
        "global" if "/guilds/" not in r.path else r.path.split("/guilds/")[1].split("/")[0]
        for r in fake.requests
        if r.method == "PUT" and r.path.endswith("/commands")
    ]


async def start_and_stop(db: Path, fake: FakeDiscord, **settings: str) -> None:
    async with running_bot(db, fake=fake, **settings):
        pass


async def test_a_start_publishes_only_definitions_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cases.db"
    fake = FakeDiscord()
    await fake.start()
    try:
        guilds = f"{GUILD_ID},{OTHER_GUILD_ID}"
        await start_and_stop(db, fake, discord_guild_ids=guilds)
        assert publications(fake) == [str(GUILD_ID), str(OTHER_GUILD_ID)]
        await start_and_stop(db, fake, discord_guild_ids=guilds)
        assert len(publications(fake)) == 2, "same definitions: nothing sent again"

        changed = tuple(
            dataclasses.replace(spec, help="Estimate what a contract does to your JSS.")
            if spec.path == "check"
            else spec
            for spec in COMMANDS
        )
        monkeypatch.setattr(commands_tree, "COMMANDS", changed)
        await start_and_stop(db, fake, discord_guild_ids=guilds)
        assert publications(fake)[2:] == [str(GUILD_ID), str(OTHER_GUILD_ID)]
        check = next(
            option
            for command in fake.commands[str(GUILD_ID)]
            if command["name"] == "jss"
            for option in command["options"]
            if option["name"] == "check"
        )
        assert check["description"] == "Estimate what a contract does to your JSS."

        await start_and_stop(db, fake, discord_guild_ids=str(GUILD_ID))
        assert len(publications(fake)) == 4, "a server's digest is kept per server"
        await start_and_stop(db, fake, discord_guild_ids="")
        assert publications(fake)[4:] == ["global"], "global commands are a target of their own"
    finally:
        await fake.stop()


async def test_discord_sync_publishes_even_unchanged_definitions_and_remembers_them(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cases.db"
    fake = FakeDiscord()
    await fake.start()
    try:
        await start_and_stop(db, fake)
        assert len(publications(fake)) == 1
        store = SqliteCaseStore(db)
        await store.start()
        try:
            await sync_once(discord_settings(fake), store, IdHasher(CASE_SECRET))
            assert len(publications(fake)) == 2, "forced, though nothing changed"
        finally:
            await store.close()
        await start_and_stop(db, fake)
        assert len(publications(fake)) == 2, "what the sync published is remembered"
    finally:
        await fake.stop()
