"""Socket Mode: the app opens a websocket to Slack, so no public URL is needed.

Used when `SLACK_APP_TOKEN` is set; good for small installs behind a firewall.
Slack signs nothing here (the app token authenticates the connection).
"""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

log = logging.getLogger(__name__)


class SocketModeConnection:
    """One Socket Mode connection for a bolt app; its Web API client is the app's."""

    def __init__(self, bolt: AsyncApp, app_token: str) -> None:
        self._handler = AsyncSocketModeHandler(bolt, app_token)

    async def start(self) -> None:
        await self._handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("Slack Socket Mode connected")

    async def stop(self) -> None:
        await self._handler.close_async()  # type: ignore[no-untyped-call]
