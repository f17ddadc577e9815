"""Socket Mode: the app opens a websocket to Slack, so no public URL is needed.

Used when `SLACK_APP_TOKEN` is set; good for small installs behind a firewall.
Slack signs nothing here (the app token authenticates the connection).
"""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.adapters.slack.app import CURRENT_REQUEST, AfterResponse, SlackBot

log = logging.getLogger(__name__)

CLOSE_TIMEOUT = 3.0


class AckFirstHandler(AsyncSocketModeHandler):
    """bolt's Socket Mode handler, holding each envelope's work until its ack is sent.

    As in HTTP mode: started at once, an answer would share the loop with the ack
    and could reach the channel before Slack hears the command was received.
    """

    def __init__(self, bot: SlackBot, app_token: str) -> None:
        super().__init__(bot.app, app_token)
        self._bot = bot

    async def handle(  # type: ignore[override]  # bolt narrows the client the same way
        self, client: SocketModeClient, req: SocketModeRequest
    ) -> None:
        after = AfterResponse()
        token = CURRENT_REQUEST.set(after)
        try:
            await super().handle(client, req)  # dispatch, then send the ack
        finally:
            CURRENT_REQUEST.reset(token)
            after.release(self._bot)


class SocketModeConnection:
    """One Socket Mode connection for the bot's bolt app; its Web API client is the app's.

    slack_sdk retries a connection that fails for ever; a shutdown closes it
    within CLOSE_TIMEOUT whether or not Slack can be reached.
    """

    def __init__(self, bot: SlackBot, app_token: str) -> None:
        self._handler = AckFirstHandler(bot, app_token)

    async def start(self) -> None:
        await self._handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("Slack Socket Mode connected")

    @property
    def connected(self) -> bool:
        """Whether the websocket to Slack is open."""
        client = self._handler.client
        session = client.current_session
        return not client.closed and session is not None and not session.closed

    async def stop(self) -> None:
        try:
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await self._handler.close_async()  # type: ignore[no-untyped-call]
        except TimeoutError:
            log.warning("the Socket Mode connection did not close in time; leaving it")
