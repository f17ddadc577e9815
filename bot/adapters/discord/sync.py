"""Where Discord is (REST base, gateway), command sync, and the invite URL.

discord.py builds every REST URL (bot and interaction webhooks alike) from the
class attribute `Route.BASE` and connects a client without sharding details to
`DiscordWebSocket.DEFAULT_GATEWAY`. Both are process-wide, which matches the
bot: one process talks to one Discord (or one proxy in front of it), so they
are set once, from the settings, before the client logs in.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.adapters.discord.commands_tree import build_commands
from bot.settings import Settings
from commands.specs import CommandSpec

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


async def sync_commands(
    tree: app_commands.CommandTree[discord.Client], guild_ids: Sequence[int]
) -> str:
    """Publish the commands: to each listed guild (instant), else globally (up to an hour).

    Returns where they went, for the log and the command line.
    """
    if guild_ids:
        for guild_id in guild_ids:
            guild = discord.Object(id=guild_id)
            tree.copy_global_to(guild=guild)
            await tree.sync(guild=guild)
        return f"{len(guild_ids)} guild(s): " + ", ".join(str(g) for g in guild_ids)
    await tree.sync()
    return "all guilds (global commands may take up to an hour to appear)"


async def sync_once(settings: Settings) -> str:
    """`jss-helper discord sync`: log in over REST only, publish the commands, log out."""
    if settings.discord_token is None:
        raise RuntimeError("DISCORD_TOKEN is not set")

    async def not_serving(
        interaction: discord.Interaction[Any], spec: CommandSpec, options: Mapping[str, str]
    ) -> None:
        raise RuntimeError("this client only publishes commands")

    use_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    for command in build_commands(not_serving):
        tree.add_command(command)
    try:
        await client.login(settings.discord_token.get_secret_value())
        where = await sync_commands(tree, settings.discord_guild_ids)
        if client.application_id is not None:
            where += f"\ninvite the bot with: {invite_url(client.application_id)}"
        return where
    finally:
        await client.close()
