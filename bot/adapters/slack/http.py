"""HTTP mode: Slack posts commands, events and interactions to `/slack/events`.

The bolt app itself verifies each request's signature and timestamp (a bad
or stale one gets 401) before any listener runs. `/healthz` lets a load
balancer or an orchestrator check the worker without a signed request. In
many-workspace mode the install flow's two pages are served too (`GET
/slack/install`, `GET /slack/oauth_redirect`: bot/adapters/slack/oauth.py).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.adapters.slack.app import CURRENT_REQUEST, AfterResponse, SlackBot

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


class HttpServer:
    """An aiohttp server in the running event loop, in front of the bot's bolt app."""

    def __init__(self, bot: SlackBot, *, host: str, port: int) -> None:
        self._bot = bot
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        """The routes, separate from the listening socket so they can be served elsewhere."""
        app = web.Application()
        app.add_routes([web.post(EVENTS_PATH, self._events), web.get(HEALTH_PATH, self._health)])
        flow = self._bot.app.oauth_flow
        if flow is not None:
            app.add_routes(
                [
                    web.get(flow.install_path, _page(flow.handle_installation)),
                    web.get(flow.redirect_uri_path, _page(flow.handle_callback)),
                ]
            )
        return app

    async def _events(self, request: web.Request) -> web.StreamResponse:
        after = AfterResponse()
        token = CURRENT_REQUEST.set(after)
        try:
            bolt_response = await self._bot.app.async_dispatch(await to_bolt_request(request))
            response: web.Response = await to_aiohttp_response(bolt_response)
            # Send the ack before any answer starts working, so the 200 never waits on one.
            await response.prepare(request)
            await response.write_eof()
        finally:
            CURRENT_REQUEST.reset(token)
            after.release(self._bot)
        return response

    async def _health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def start(self) -> None:
        # No access log: a line per request would cost time at the ack and says nothing new.
        # A shutdown waits this long for requests under way (acks: milliseconds).
        self._runner = web.AppRunner(self.web_app(), access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port).start()
        log.info("Slack HTTP mode listening on %s:%s%s", self._host, self.port, EVENTS_PATH)

    @property
    def port(self) -> int:
        """The port actually bound (the configured one, or the one picked for port 0)."""
        if self._runner is not None:
            for address in self._runner.addresses:
                if isinstance(address, tuple):
                    return int(address[1])
        return self._port

    async def stop(self) -> None:
        """Stop accepting requests; those under way finish first."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def _page(
    handle: Callable[[AsyncBoltRequest], Awaitable[BoltResponse]],
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """An aiohttp handler for one of bolt's install flow pages (a member's browser)."""

    async def page(request: web.Request) -> web.Response:
        response: web.Response = await to_aiohttp_response(
            await handle(await to_bolt_request(request))
        )
        return response

    return page
