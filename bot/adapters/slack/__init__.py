"""The Slack adapter: `/jss`, mentions, buttons and forms, over HTTP or Socket Mode.

`build(env)` is what `jss-helper run --adapter slack` calls. Socket Mode when
`SLACK_APP_TOKEN` is set, otherwise an HTTP server on `SLACK_HTTP_PORT`. One
workspace with `SLACK_BOT_TOKEN` (the default); many, each installing the app
itself, with `SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET` (HTTP mode only).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import aiohttp

from bot.adapters.base import DEFAULT_GRACE, Adapter, Grace
from bot.adapters.registry import AdapterEnv, AdapterUnavailable
from bot.adapters.slack.app import BOLT_LOG, SlackBot
from bot.adapters.slack.http import HttpServer
from bot.adapters.slack.moderation import Moderators
from bot.adapters.slack.oauth import OAuthConfig, oauth_config, oauth_settings
from bot.adapters.slack.socket import SocketModeConnection
from bot.adapters.slack.web_client import web_client
from commands.dispatcher import Dispatcher
from storage.installations import InstallationStore

log = logging.getLogger(__name__)


class SlackAdapter(Adapter):
    """Slack, served over HTTP (many workers) or Socket Mode (small installs): one
    workspace with `bot_token`, or every workspace that installs the app with `oauth`
    (HTTP only; `installations` keeps their tokens)."""

    name = "slack"

    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        bot_token: str | None,
        signing_secret: str,
        app_token: str | None = None,
        api_url: str = "https://slack.com/api/",
        host: str = "0.0.0.0",
        port: int = 3000,
        moderator_user_ids: Sequence[str] = (),
        moderator_usergroup_id: str | None = None,
        allowed_team_ids: Sequence[str] = (),
        grace: Grace = DEFAULT_GRACE,
        oauth: OAuthConfig | None = None,
        installations: InstallationStore | None = None,
    ) -> None:
        super().__init__(dispatcher)
        if (bot_token is None) == (oauth is None):
            raise AdapterUnavailable(
                "the slack adapter needs either SLACK_BOT_TOKEN (one workspace) or "
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (many workspaces)"
            )
        if oauth is not None and (app_token or installations is None):
            raise AdapterUnavailable(
                "many Slack workspaces need HTTP mode and the case database for their tokens"
            )
        if not app_token and not signing_secret:
            raise AdapterUnavailable(
                "the slack adapter needs SLACK_SIGNING_SECRET in HTTP mode "
                "(or SLACK_APP_TOKEN for Socket Mode)"
            )
        self._bot_token = bot_token
        self._signing_secret = signing_secret
        self._app_token = app_token
        self._api_url = api_url
        self._host = host
        self._port = port
        self._moderator_user_ids = tuple(moderator_user_ids)
        self._moderator_usergroup_id = moderator_usergroup_id
        self._allowed_team_ids = tuple(allowed_team_ids)
        self._grace = grace
        self._oauth = oauth
        self._installations = installations
        self._session: aiohttp.ClientSession | None = None
        self.bot: SlackBot | None = None
        self.http: HttpServer | None = None
        self._socket: SocketModeConnection | None = None

    async def start(self) -> None:
        # One shared session: a new connection per Web API call would cost the answer time.
        self._session = aiohttp.ClientSession()
        # Many workspaces: no token here; bolt gives each request its workspace's.
        client = web_client(self._bot_token, self._api_url, self._session)
        moderators = Moderators(self._moderator_user_ids, self._moderator_usergroup_id, client)
        oauth = None
        if self._oauth is not None and self._installations is not None:
            oauth = oauth_settings(self._oauth, self._installations, BOLT_LOG)
        self.bot = SlackBot(
            self.dispatcher,
            client=client,
            session=self._session,
            signing_secret=self._signing_secret,
            moderators=moderators,
            allowed_team_ids=self._allowed_team_ids,
            oauth=oauth,
        )
        if self._app_token:
            self._socket = SocketModeConnection(self.bot, self._app_token)
            await self._socket.start()
        else:
            self.http = HttpServer(self.bot, host=self._host, port=self._port)
            await self.http.start()

    async def stop(self) -> None:
        """Take no new requests, deliver the answers under way (or apologise), then close."""
        if self.http is not None:
            await self.http.stop()
        if self._socket is not None:
            await self._socket.stop()
        if self.bot is not None:
            await self.bot.drain(self._grace)
        if self._session is not None:
            await self._session.close()
        self.finished.set()

    @property
    def connected(self) -> bool:
        if self._socket is not None:
            return self._socket.connected
        return self.http is not None and not self.finished.is_set()


def build(env: AdapterEnv) -> SlackAdapter:
    """The Slack adapter from the settings."""
    settings = env.settings
    oauth = oauth_config(settings)
    if settings.slack_bot_token is None and oauth is None:
        raise AdapterUnavailable(
            "the slack adapter is not configured: set SLACK_BOT_TOKEN in .env "
            "(or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for many workspaces)"
        )
    bot_token = settings.slack_bot_token
    signing = settings.slack_signing_secret
    app_token = settings.slack_app_token
    return SlackAdapter(
        env.dispatcher,
        bot_token=bot_token.get_secret_value() if bot_token else None,
        signing_secret=signing.get_secret_value() if signing else "",
        app_token=app_token.get_secret_value() if app_token else None,
        api_url=settings.slack_api_url,
        host=settings.slack_http_host,
        port=settings.slack_http_port,
        moderator_user_ids=settings.slack_moderator_user_ids,
        moderator_usergroup_id=settings.slack_moderator_usergroup_id,
        allowed_team_ids=settings.slack_allowed_team_ids,
        grace=Grace.of(settings.shutdown_timeout),
        oauth=oauth,
        installations=env.installations,
    )
