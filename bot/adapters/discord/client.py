"""The Discord adapter: one discord.py client (sharded when configured) feeding the dispatcher.

Intents are the least the bot needs: guilds (channels, threads, roles),
guild messages (forum posts and mentions) and message content, the privileged
intent without which every post would arrive with empty text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import discord
from discord import app_commands

from bot.adapters.base import Adapter
from bot.adapters.discord.commands_tree import build_commands
from bot.adapters.discord.forum import ThreadResponder
from bot.adapters.discord.interactions import NO_MENTIONS, InteractionHandler
from bot.adapters.discord.sync import invite_url, sync_commands, use_endpoints
from bot.adapters.discord.views import CaseButton
from bot.settings import Settings
from commands.dispatcher import Dispatcher
from commands.specs import CommandSpec

log = logging.getLogger(__name__)

READY_TIMEOUT = 60.0


def intents() -> discord.Intents:
    """Guilds, guild messages and (privileged) message content; nothing else."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.message_content = True
    return chosen


def make_client(settings: Settings) -> discord.Client:
    """A plain client, or an AutoShardedClient running this process's shard ids."""
    options: dict[str, Any] = {
        "intents": intents(),
        "allowed_mentions": NO_MENTIONS,  # the default for every send, on top of each send's own
        "max_messages": 200,  # the bot never looks back; a small cache is enough
    }
    if settings.discord_shard_count is not None:
        if settings.discord_shard_ids:  # this process runs only these shards
            options["shard_ids"] = list(settings.discord_shard_ids)
        return discord.AutoShardedClient(shard_count=settings.discord_shard_count, **options)
    return discord.Client(**options)


def make_tree(client: discord.Client, handler: InteractionHandler) -> app_commands.CommandTree[Any]:
    """The command tree from the command table, its callbacks run by `handler`."""

    async def run(
        interaction: discord.Interaction[Any], spec: CommandSpec, options: Mapping[str, str]
    ) -> None:
        await handler.run_command(interaction, spec, options)

    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    for command in build_commands(run):
        tree.add_command(command)
    return tree


class DiscordAdapter(Adapter):
    """Slash commands, buttons, forms, forum posts and mentions on Discord."""

    name = "discord"

    def __init__(self, dispatcher: Dispatcher, settings: Settings) -> None:
        super().__init__(dispatcher)
        self.settings = settings
        self.client = make_client(settings)
        self.interactions = InteractionHandler(dispatcher, settings.discord_moderator_role_ids)
        self.tree = make_tree(self.client, self.interactions)
        self.threads = ThreadResponder(self.client, dispatcher, settings.discord_forum_channel_ids)
        self._ready = asyncio.Event()
        self._connection: asyncio.Task[None] | None = None
        CaseButton.on_press = self.interactions.run_button
        self.client.add_dynamic_items(CaseButton)
        for handler in (
            self.on_connect,
            self.on_ready,
            self.on_resumed,
            self.on_interaction,
            self.on_message,
            self.on_thread_create,
        ):
            self.client.event(handler)

    async def start(self) -> None:
        """Log in, publish the commands, connect to the gateway and wait until ready."""
        token = self.settings.discord_token
        if token is None:
            raise RuntimeError("DISCORD_TOKEN is not set")
        use_endpoints(self.settings.discord_api_base, self.settings.discord_gateway_url)
        await self.client.login(token.get_secret_value())
        application_id = self.client.application_id
        if application_id is not None:
            log.info("invite the bot with: %s", invite_url(application_id))
        where = await sync_commands(self.tree, self.settings.discord_guild_ids)
        log.info("slash commands published to %s", where)
        self._connection = asyncio.create_task(self._connect(), name="discord-gateway")
        ready = asyncio.create_task(self._ready.wait())
        done, _ = await asyncio.wait(
            {ready, self._connection}, timeout=READY_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            if self._connection in done:
                self._connection.result()  # raises what stopped the connection
            raise TimeoutError("Discord did not say ready in time")

    async def _connect(self) -> None:
        try:
            await self.client.connect(reconnect=True)
        except Exception:
            log.exception("the Discord connection stopped")
            raise
        finally:
            self.finished.set()

    async def stop(self) -> None:
        """Close the gateway connection and the HTTP session."""
        await self.client.close()
        if self._connection is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._connection
        self.finished.set()

    # ----- gateway events -----

    async def on_connect(self) -> None:
        # Serving starts at READY: discord.py's "ready" waits a further 2 s of quiet
        # after the last guild arrives, while events already flow and are answered.
        self._ready.set()

    async def on_ready(self) -> None:
        log.info("connected to Discord in %d guild(s)", len(self.client.guilds))

    async def on_resumed(self) -> None:
        # Replayed events go through the same answer-once checks as first deliveries.
        log.info("Discord session resumed")

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await self.interactions.run_form_submit(interaction)

    async def on_message(self, message: discord.Message) -> None:
        await self.threads.on_message(message)

    async def on_thread_create(self, thread: discord.Thread) -> None:
        await self.threads.on_thread_create(thread)
