"""The Discord adapter: one discord.py client (sharded when configured) feeding the dispatcher.

Intents are the least the bot needs: guilds (channels, threads, roles),
guild messages (forum posts and mentions) and message content, the privileged
intent without which every post would arrive with empty text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Mapping
from typing import Any

import discord
from discord import app_commands

from bot.adapters.base import Adapter, Grace
from bot.adapters.discord.commands_tree import add_commands
from bot.adapters.discord.forum import ThreadResponder
from bot.adapters.discord.interactions import NO_MENTIONS, InteractionHandler
from bot.adapters.discord.sync import PublishedCommands, sync_commands, use_endpoints
from bot.adapters.discord.views import CaseButton, ChoiceButton, ChoiceMenu
from bot.settings import Settings
from commands.dispatcher import Dispatcher
from commands.specs import CommandSpec

log = logging.getLogger(__name__)

READY_TIMEOUT = 60.0
# Pauses between attempts to reconnect after an unexpected failure of the connection.
RECONNECT_FIRST = 1.0
RECONNECT_MAX = 60.0
# What no retry can mend: the operator must act, so the bot exits non-zero.
FATAL = (discord.LoginFailure, discord.PrivilegedIntentsRequired, discord.ConnectionClosed)


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
    add_commands(tree, run)

    @tree.error
    async def on_error(
        interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        # As for every other event (`DiscordAdapter.on_error`): the type only, as its
        # message could carry what a member wrote, and no traceback.
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        log.error("answering a Discord command failed (%s)", type(cause).__name__)

    return tree


class DiscordAdapter(Adapter):
    """Slash commands, buttons, forms, forum posts and mentions on Discord."""

    name = "discord"

    def __init__(self, dispatcher: Dispatcher, settings: Settings) -> None:
        super().__init__(dispatcher)
        self.settings = settings
        self.client = make_client(settings)
        self._allowed_guilds = frozenset(settings.discord_allowed_guild_ids)
        self.interactions = InteractionHandler(
            dispatcher, settings.discord_moderator_role_ids, self._allowed_guilds
        )
        self.tree = make_tree(self.client, self.interactions)
        self.threads = ThreadResponder(
            self.client, dispatcher, settings.discord_forum_channel_ids, self._allowed_guilds
        )
        self._ready = asyncio.Event()
        self._connection: asyncio.Task[None] | None = None
        self._online = False
        self._sessions = 0
        CaseButton.on_press = self.interactions.run_button
        ChoiceButton.on_choose = self.interactions.run_choice
        self.client.add_dynamic_items(CaseButton, ChoiceButton, ChoiceMenu)
        for handler in (
            self.on_connect,
            self.on_disconnect,
            self.on_ready,
            self.on_resumed,
            self.on_interaction,
            self.on_message,
            self.on_thread_create,
            self.on_guild_join,
            self.on_guild_available,
            self.on_error,
        ):
            self.client.event(handler)

    @property
    def connected(self) -> bool:
        return self._online and not self.client.is_closed()

    async def start(self) -> None:
        """Log in, publish the commands, connect to the gateway and wait until ready."""
        token = self.settings.discord_token
        if token is None:
            raise RuntimeError("DISCORD_TOKEN is not set")
        use_endpoints(self.settings.discord_api_base, self.settings.discord_gateway_url)
        await self.client.login(token.get_secret_value())
        await self._publish_commands()
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

    async def _publish_commands(self) -> None:
        """Publish the commands where their definitions changed since they were last
        published (remembered in the case log; `jss-helper discord sync` forces it)."""
        services = self.dispatcher.services
        memory = None
        if services.store is not None and services.hasher is not None:
            assert self.client.application_id is not None  # known once logged in
            memory = PublishedCommands(services.store, services.hasher, self.client.application_id)
        done = await sync_commands(self.tree, self.settings.discord_guild_ids, memory)
        # Ids stay out of the log: `jss-helper discord sync` prints where and the invite URL.
        if done.published == 0:
            log.info("commands unchanged since they were last published; not sent again")
        else:
            log.info(
                "commands published to %d target(s), %d unchanged", done.published, done.unchanged
            )

    async def _connect(self) -> None:
        """Keep the gateway connected: discord.py resumes after ordinary drops itself; an
        unexpected error is logged and the connection opened anew; a fatal one (a refused
        token, a missing intent, a close code that forbids retrying) ends the adapter."""
        pause = RECONNECT_FIRST
        try:
            while not self.client.is_closed():
                try:
                    await self.client.connect(reconnect=True)
                except FATAL as error:
                    code = getattr(error, "code", None)
                    self.failure = type(error).__name__ + (f" (close code {code})" if code else "")
                    log.error("the Discord connection cannot go on: %s", self.failure)
                    return
                except Exception as error:
                    self._online = False
                    if self.client.ws is not None:  # the failed socket, if still open
                        with contextlib.suppress(Exception):
                            await self.client.ws.close(code=4000)
                    log.error(
                        "the Discord connection failed (%s); reconnecting in %.0f s",
                        type(error).__name__,
                        pause,
                    )
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, RECONNECT_MAX)
                    continue
                return  # closed by stop()
        finally:
            self._online = False
            self.finished.set()

    async def stop(self) -> None:
        """Deliver the answers under way (or apologise), then close the gateway and HTTP."""
        grace = Grace.of(self.settings.shutdown_timeout)
        await asyncio.gather(self.interactions.drain(grace), self.threads.drain(grace.answers))
        await self.client.close()
        if self._connection is not None:
            self._connection.cancel()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._connection
        self.finished.set()

    # ----- gateway events -----

    async def on_connect(self) -> None:
        # Serving starts at READY: discord.py's "ready" waits a further 2 s of quiet
        # after the last guild arrives, while events already flow and are answered.
        self._ready.set()
        self._online = True
        self._sessions += 1
        if self._sessions > 1:
            self.reconnects += 1

    async def on_disconnect(self) -> None:
        self._online = False

    async def on_ready(self) -> None:
        log.info("connected to Discord in %d guild(s)", len(self.client.guilds))

    async def on_resumed(self) -> None:
        # Replayed events go through the same answer-once checks as first deliveries.
        self._online = True
        self.reconnects += 1
        log.info("Discord session resumed")

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._leave_unless_allowed(guild)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self._leave_unless_allowed(guild)

    async def _leave_unless_allowed(self, guild: discord.Guild) -> None:
        """With DISCORD_ALLOWED_GUILD_IDS set, the bot leaves any other server it is added to."""
        if self._allowed_guilds and guild.id not in self._allowed_guilds:
            log.warning("leaving a server that DISCORD_ALLOWED_GUILD_IDS does not list")
            await guild.leave()

    async def on_error(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        # One event's failure is logged and the bot goes on serving the others. The
        # exception's type only: its message could carry what a member wrote.
        error = sys.exc_info()[1]
        log.error("handling a Discord %s event failed (%s)", event, type(error).__name__)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await self.interactions.run_form_submit(interaction)

    async def on_message(self, message: discord.Message) -> None:
        await self.threads.on_message(message)

    async def on_thread_create(self, thread: discord.Thread) -> None:
        await self.threads.on_thread_create(thread)
