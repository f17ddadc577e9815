"""Where Discord is (REST base, gateway), command sync, and the invite URL.

discord.py builds every REST URL (bot and interaction webhooks alike) from the
class attribute `Route.BASE` and connects a client without sharding details to
`DiscordWebSocket.DEFAULT_GATEWAY`. Both are process-wide, which matches the
bot: one process talks to one Discord (or one proxy in front of it), so they
are set once, from the settings, before the client logs in.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.adapters.discord.commands_tree import add_commands
from bot.settings import Settings
from commands.specs import CommandSpec
from storage.anonymize import IdHasher
from storage.interface import CaseStore, StoreError

log = logging.getLogger(__name__)

SCOPES = ("bot", "applications.commands")
# Exactly what the bot does: read the channels and threads it answers in, post
# answers as embeds, and read a post's starter message when it has to fetch it.
REQUIRED_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)


def use_endpoints(api_base: str, gateway_url: str) -> None:
    """Point discord.py at this REST base and gateway (Discord's, a proxy, or a test fake)."""
    Route.BASE = api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def invite_url(application_id: int) -> str:
    """The URL that adds the bot to a server with exactly the scopes and permissions it needs."""
    return discord.utils.oauth_url(application_id, permissions=REQUIRED_PERMISSIONS, scopes=SCOPES)


def definitions_digest(
    tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None
) -> str:
    """A stable digest of what publishing to `guild` (None: globally) would send: the
    payload of every command, as discord.py builds it, in a fixed order."""
    payload = sorted(
        (command.to_dict(tree) for command in tree.get_commands(guild=guild)),
        key=lambda command: (int(command.get("type", 1)), str(command["name"])),
    )
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class PublishedCommands:
    """What each target (the application's global commands, or its commands in one
    server) was last sent, remembered in the case log so that a start skips publishing
    definitions that did not change. Server ids are kept only as keyed hashes.

    A case log that does not answer is never a reason not to publish: an unknown target
    counts as changed, and a digest that could not be kept means the next start
    publishes again.
    """

    def __init__(self, store: CaseStore, hasher: IdHasher, application_id: int) -> None:
        self._store = store
        self._hasher = hasher
        self._application_id = application_id

    def target(self, guild_id: int | None) -> str:
        """The key of a target: the application's id, then `global` or the server's hash."""
        where = "global" if guild_id is None else self._hasher.hash("community", str(guild_id))
        return f"discord:{self._application_id}:{where}"

    async def unchanged(self, guild_id: int | None, digest: str) -> bool:
        """Whether `digest` is what the target was last sent."""
        try:
            return await self._store.published(self.target(guild_id)) == digest
        except StoreError as error:
            log.warning("could not read which commands were published (%s)", type(error).__name__)
            return False

    async def remember(self, guild_id: int | None, digest: str) -> None:
        """Keep `digest` as what the target now shows."""
        try:
            await self._store.mark_published(self.target(guild_id), digest)
        except StoreError as error:
            log.warning(
                "could not remember the published commands (%s); the next start publishes "
                "them again",
                type(error).__name__,
            )


@dataclass(frozen=True)
class Publication:
    """What a sync did: to how many targets it sent the commands, and how many it skipped
    because they already show these definitions."""

    where: str
    published: int
    unchanged: int


async def sync_commands(
    tree: app_commands.CommandTree[Any],
    guild_ids: Sequence[int],
    memory: PublishedCommands | None = None,
    *,
    force: bool = False,
) -> Publication:
    """Publish the commands: to each listed guild (instant), else globally (up to an hour).

    With `memory`, a target whose definitions did not change since they were last
    published there is skipped, unless `force`: Discord limits how often commands may be
    published, and a fleet of restarting processes would spend that budget for nothing.
    """
    targets: list[int | None] = list(guild_ids) or [None]
    published = 0
    for guild_id in targets:
        guild = discord.Object(id=guild_id) if guild_id is not None else None
        if guild is not None:
            tree.copy_global_to(guild=guild)
        digest = definitions_digest(tree, guild)
        if not force and memory is not None and await memory.unchanged(guild_id, digest):
            continue
        await tree.sync(guild=guild)
        published += 1
        if memory is not None:
            await memory.remember(guild_id, digest)
    if guild_ids:
        where = f"{len(guild_ids)} guild(s): " + ", ".join(str(g) for g in guild_ids)
    else:
        where = "all guilds (global commands may take up to an hour to appear)"
    return Publication(where, published, len(targets) - published)


async def sync_once(
    settings: Settings, store: CaseStore | None = None, hasher: IdHasher | None = None
) -> str:
    """`jss-helper discord sync`: log in over REST only, publish the commands whether or
    not they changed, remember them in `store` (when given), log out."""
    if settings.discord_token is None:
        raise RuntimeError("DISCORD_TOKEN is not set")

    async def not_serving(
        interaction: discord.Interaction[Any], spec: CommandSpec, options: Mapping[str, str]
    ) -> None:
        raise RuntimeError("this client only publishes commands")

    use_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    add_commands(tree, not_serving)
    try:
        await client.login(settings.discord_token.get_secret_value())
        memory = None
        if store is not None and hasher is not None and client.application_id is not None:
            memory = PublishedCommands(store, hasher, client.application_id)
        where = (await sync_commands(tree, settings.discord_guild_ids, memory, force=True)).where
        if client.application_id is not None:
            where += f"\ninvite the bot with: {invite_url(client.application_id)}"
        return where
    finally:
        await client.close()
