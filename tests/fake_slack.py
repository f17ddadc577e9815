"""A loopback fake of Slack for wire tests and the bench.

Two halves, like the real thing:
- `FakeSlackApi`: the Web API (`auth.test`, `chat.postMessage`, `chat.postEphemeral`,
  `views.open`, `usergroups.users.list`, files upload v2's `files.getUploadURLExternal`,
  upload URL and `files.completeUploadExternal`, and the OAuth install's
  `oauth.v2.access`) and `response_url` endpoints, recording every call so tests can
  wait on what the bot sent.
- The OAuth install: `grant(team)` is Slack's side of a member pressing Allow (a code
  for the redirect); `oauth.v2.access` trades it, once, for a new bot token of that
  workspace, which `auth.test` then knows.
- `SlackSender`: Slack's side of HTTP mode, sending the bot form-encoded slash
  commands, JSON event callbacks and `payload=` interactions, each signed with
  the signing secret exactly as Slack signs them (v0:timestamp:body, HMAC-SHA256).
- Socket Mode: `apps.connections.open` hands out a one-time websocket URL on the
  same server; the socket says `hello`, and `SocketModeSender` pushes envelopes
  down it, recording the app's acknowledgements (`{"envelope_id": ...}`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import ClientSession, WSMsgType, web

BOT_USER_ID = "UBOT00001"
TEAM_ID = "T0TEAM001"
OTHER_TEAM_ID = "T0TEAM002"  # a second workspace the app is installed in
APP_ID = "A0APP0001"
INSTALLED_TEAM_ID = "T0INSTAL1"  # a workspace that installs the app through OAuth
CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "fake-client-secret-0123456789abcdef"
INSTALLED_TOKEN_PREFIX = "xoxb-installed-"  # every bot token an OAuth install hands out


@dataclass(frozen=True)
class Call:
    """One request the bot made: a Web API method (`chat.postMessage`) or `response_url`."""

    method: str
    data: dict[str, Any]
    at: float = field(default_factory=time.perf_counter)

    def texts(self) -> list[str]:
        """Every string the bot sent in this call, blocks included."""
        found: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, Mapping):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(self.data)
        return found

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.data.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


class FakeSlackApi:
    """The Web API and response_url endpoints on 127.0.0.1, recording each call."""

    def __init__(self, *, usergroups: Mapping[str, list[str]] | None = None) -> None:
        self.calls: list[Call] = []
        self.usergroups = dict(usergroups or {})
        self.not_in_channels: set[str] = set()
        self.post_delay = 0.0  # seconds each chat.postMessage takes: answers stay in flight
        self._changed = asyncio.Event()
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        # Socket Mode: the app-level token, tickets handed out, sockets opened, acks received.
        self.app_token = APP_TOKEN
        self.sockets: list[web.WebSocketResponse] = []
        self.acks: list[Call] = []
        self._tickets: set[str] = set()
        self._ticket_ids = itertools.count(1)
        # Files upload v2: the bytes each upload URL received, by file id.
        self.uploads: dict[str, bytes] = {}
        self.posted: list[str] = []  # the ts of every message posted, in order
        self._file_ids = itertools.count(1)
        # The bot token auth.test accepts (None: any), and the scopes Slack says it holds.
        self.bot_token: str | None = None
        self.scopes: tuple[str, ...] = (
            "commands",
            "chat:write",
            "files:write",
            "app_mentions:read",
            "channels:history",
            "groups:history",
        )
        # How many more calls of a method are refused with 429 (rate limited) first.
        self.rate_limited: dict[str, int] = {}
        # OAuth installs: codes not yet traded (code -> team), and each installed
        # workspace's bot token (token -> team) until it is revoked.
        self._codes: dict[str, str] = {}
        self.installed: dict[str, str] = {}
        self._installs = itertools.count(1)

    async def start(self) -> None:
        app = web.Application()
        app.add_routes(
            [
                web.route("*", "/api/{method}", self._api),
                web.post("/respond/{tag}", self._respond),
                web.get("/link", self._link),
                web.post("/upload/{file_id}", self._upload),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for socket in self.sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, tag: str) -> str:
        return f"http://127.0.0.1:{self.port}/respond/{tag}"

    def _record(self, method: str, data: dict[str, Any]) -> None:
        self.calls.append(Call(method, data))
        self._changed.set()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data: dict[str, Any] = dict(request.query)
        body = await request.read()
        if body:
            if request.content_type == "application/json":
                data.update(json.loads(body))
            else:
                data.update(parse_qsl(body.decode()))
        data["_token"] = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self._record(method, data)
        if self.rate_limited.get(method, 0) > 0:
            self.rate_limited[method] -= 1
            body = {"ok": False, "error": "ratelimited"}
            return web.json_response(body, status=429, headers={"Retry-After": "0"})
        if method == "chat.postMessage":
            await asyncio.sleep(self.post_delay)
        answer = self._answer(method, data)
        if "ts" in answer:
            data["_ts"] = answer["ts"]  # the posted message's ts, for replies in its thread
        scopes = {"X-OAuth-Scopes": ",".join(self.scopes)}
        return web.json_response(answer, headers=scopes)

    def grant(self, team_id: str = INSTALLED_TEAM_ID) -> str:
        """A member of `team_id` allowed the app: the code Slack's redirect carries."""
        code = f"code-{next(self._installs):04d}"
        self._codes[code] = team_id
        return code

    def revoke(self, token: str) -> None:
        """The workspace uninstalled the app: its token no longer works."""
        self.installed.pop(token, None)

    def _answer(self, method: str, data: Mapping[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            token = str(data.get("_token"))
            installed_team = self.installed.get(token)
            if installed_team is None and token.startswith(INSTALLED_TOKEN_PREFIX):
                return {"ok": False, "error": "token_revoked"}
            if installed_team is None and self.bot_token not in (None, token):
                return {"ok": False, "error": "invalid_auth"}
            return {
                "ok": True,
                "url": "https://fake.slack.test/",
                "team": "Freelancers",
                "user": "jss",
                "team_id": installed_team or TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": "B0BOT0001",
            }
        if method == "oauth.v2.access":
            return self._oauth_access(data)
        if method == "chat.postMessage":
            if data.get("channel") in self.not_in_channels:
                return {"ok": False, "error": "not_in_channel"}
            ts = f"{1_700_000_000 + next(self._ts)}.000100"
            self.posted.append(ts)
            return {"ok": True, "channel": data.get("channel"), "ts": ts}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{1_700_000_000 + next(self._ts)}.000200"}
        if method == "views.open":
            return {"ok": True, "view": {"id": "V0VIEW001"}}
        if method == "apps.connections.open":
            # Only the app-level token opens a connection; each URL is good for one socket.
            if data.get("_token") != self.app_token:
                return {"ok": False, "error": "invalid_auth"}
            ticket = f"ticket-{next(self._ticket_ids)}"
            self._tickets.add(ticket)
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link?ticket={ticket}"}
        if method == "files.getUploadURLExternal":
            file_id = f"F0FILE{next(self._file_ids):03d}"
            url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
            return {"ok": True, "upload_url": url, "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = data.get("files") or "[]"
            listed = json.loads(files) if isinstance(files, str) else files
            missing = [f["id"] for f in listed if f["id"] not in self.uploads]
            if missing:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "files": [{"id": f["id"], "title": f["title"]} for f in listed]}
        if method == "usergroups.users.list":
            group = str(data.get("usergroup", ""))
            if group not in self.usergroups:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": self.usergroups[group]}
        return {"ok": False, "error": "unknown_method"}

    def _oauth_access(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """A code traded for a workspace's bot token, as Slack checks it: the app's
        credentials (HTTP basic auth) first, then the code, good once."""
        basic = str(data.get("_token")).removeprefix("Basic ")
        client_id, _, secret = base64.b64decode(basic or "Og==").decode().partition(":")
        if client_id != CLIENT_ID:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != CLIENT_SECRET:
            return {"ok": False, "error": "bad_client_secret"}
        team_id = self._codes.pop(str(data.get("code")), None)
        if team_id is None:
            return {"ok": False, "error": "invalid_code"}
        token = f"{INSTALLED_TOKEN_PREFIX}{next(self._installs):04d}-fake"
        self.installed[token] = team_id
        return {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": ",".join(self.scopes),
            "bot_user_id": BOT_USER_ID,
            "app_id": APP_ID,
            "team": {"id": team_id, "name": "Installed"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "U0INSTALR"},
        }

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL of files upload v2: the file's bytes, posted as the body."""
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        self._record("upload", {"file_id": file_id, "size": len(self.uploads[file_id])})
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    async def _respond(self, request: web.Request) -> web.Response:
        data = await request.json()
        data["_tag"] = request.match_info["tag"]
        self._record("response_url", data)
        return web.Response(text="ok")

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode's websocket: `hello`, then envelopes down and acks up.

        aiohttp answers the client's pings itself (autoping), so the client never
        sees the connection as stale and never reconnects on its own.
        """
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            raise web.HTTPUnauthorized(text="invalid ticket")
        self._tickets.discard(ticket)
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": APP_ID},
            }
        )
        self.sockets.append(socket)
        self._changed.set()
        async for message in socket:
            if message.type is WSMsgType.TEXT:
                self.acks.append(Call("ack", json.loads(message.data)))
                self._changed.set()
        return socket

    async def open_socket(self, within: float = 10.0) -> web.WebSocketResponse:
        """The app's open Socket Mode connection; waits for it to connect."""
        deadline = asyncio.get_running_loop().time() + within
        while not (live := [socket for socket in self.sockets if not socket.closed]):
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError("the app never opened a Socket Mode connection")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return live[-1]

    def acks_of(self, envelope_id: str) -> list[Call]:
        return [ack for ack in self.acks if ack.data.get("envelope_id") == envelope_id]

    async def wait_for_ack(
        self, envelope_id: str, *, count: int = 1, within: float = 10.0
    ) -> list[Call]:
        """Wait until the app acknowledged the envelope `count` times; fail after `within` s."""
        deadline = asyncio.get_running_loop().time() + within
        while len(found := self.acks_of(envelope_id)) < count:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                seen = [ack.data for ack in self.acks]
                raise AssertionError(f"expected {count} ack(s) of {envelope_id}; got {seen}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return found

    def of(self, *methods: str, where: Callable[[Call], bool] | None = None) -> list[Call]:
        """Calls of those methods so far (all but auth lookups when none named)."""
        return [
            call
            for call in self.calls
            if (call.method in methods if methods else call.method != "auth.test")
            and (where is None or where(call))
        ]

    async def wait_for(
        self,
        *methods: str,
        count: int = 1,
        where: Callable[[Call], bool] | None = None,
        within: float = 10.0,
    ) -> list[Call]:
        """Wait until at least `count` matching calls were made; fail the test after `within` s."""
        deadline = asyncio.get_running_loop().time() + within
        while len(found := self.of(*methods, where=where)) < count:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                seen = [(call.method, call.data.get("text", "")[:60]) for call in self.calls]
                raise AssertionError(f"expected {count} x {methods}; the bot made {seen}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return found


def signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature: v0= HMAC-SHA256 of `v0:timestamp:body`."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackSender:
    """Slack's side of HTTP mode: signed requests to the bot's `/slack/events`."""

    def __init__(self, url: str, secret: str, fake: FakeSlackApi) -> None:
        self.url = url
        self.secret = secret
        self.fake = fake
        self._ids = itertools.count(1)
        self._session: ClientSession | None = None

    async def __aenter__(self) -> SlackSender:
        self._session = ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    def next_id(self) -> int:
        return next(self._ids)

    async def send(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, str]:
        """POST a body signed as Slack would; returns the HTTP status and body."""
        assert self._session is not None
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature(secret or self.secret, stamp, body),
            **(headers or {}),
        }
        async with self._session.post(self.url, data=body.encode(), headers=all_headers) as resp:
            return resp.status, await resp.text()

    def command_body(
        self, text: str, *, user: str = "U0MEMBER1", channel: str = "C0GENERAL", team: str = TEAM_ID
    ) -> tuple[str, str]:
        """A `/jss` slash command, form-encoded; returns (body, response_url tag)."""
        fields, tag = self.command_fields(text, user=user, channel=channel, team=team)
        return urlencode(fields), tag

    def command_fields(
        self, text: str, *, user: str = "U0MEMBER1", channel: str = "C0GENERAL", team: str = TEAM_ID
    ) -> tuple[dict[str, str], str]:
        """A `/jss` slash command's fields; returns (fields, response_url tag)."""
        n = self.next_id()
        tag = f"cmd-{n}"
        fields = {
            "token": "legacy-verification-token",
            "team_id": team,
            "team_domain": "freelancers",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "member",
            "command": "/jss",
            "text": text,
            "api_app_id": "A0APP0001",
            "is_enterprise_install": "false",
            "response_url": self.fake.response_url(tag),
            "trigger_id": f"{n}.{n}.trigger{n:06d}",
        }
        return fields, tag

    async def command(
        self, text: str, *, user: str = "U0MEMBER1", channel: str = "C0GENERAL", team: str = TEAM_ID
    ) -> tuple[int, str]:
        """Send a slash command; returns (HTTP status, response_url tag)."""
        body, tag = self.command_body(text, user=user, channel=channel, team=team)
        status, _ = await self.send(body, "application/x-www-form-urlencoded")
        return status, tag

    def mention_body(
        self,
        text: str,
        *,
        user: str = "U0MEMBER1",
        channel: str = "C0GENERAL",
        thread_ts: str | None = None,
        event_id: str | None = None,
    ) -> dict[str, Any]:
        n = self.next_id()
        event: dict[str, Any] = {
            "type": "app_mention",
            "user": user,
            "text": f"<@{BOT_USER_ID}> {text}",
            "ts": f"1700001{n:03d}.000300",
            "channel": channel,
            "event_ts": f"1700001{n:03d}.000300",
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0APP0001",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{n:08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }

    def message_body(
        self, text: str, *, user: str = "U0MEMBER1", channel: str = "C0GENERAL", thread_ts: str
    ) -> dict[str, Any]:
        """A member's reply in a thread, as the `message.channels` event delivers it."""
        n = self.next_id()
        ts = f"1700002{n:03d}.000400"
        event = {
            "type": "message",
            "channel_type": "channel",
            "user": user,
            "text": text,
            "ts": ts,
            "thread_ts": thread_ts,
            "channel": channel,
            "event_ts": ts,
            "client_msg_id": f"msg-{n:06d}",
        }
        return {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0APP0001",
            "event": event,
            "type": "event_callback",
            "event_id": f"EvM{n:07d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }

    def app_event_body(self, event: Mapping[str, Any], *, team: str) -> dict[str, Any]:
        """An event about the app itself in a workspace (`app_uninstalled`,
        `tokens_revoked`), as the Events API delivers it."""
        n = self.next_id()
        return {
            "token": "legacy-verification-token",
            "team_id": team,
            "api_app_id": APP_ID,
            "event": {**event, "event_ts": f"1700003{n:03d}.000500"},
            "type": "event_callback",
            "event_id": f"EvA{n:07d}",
            "event_time": int(time.time()),
        }

    async def event(self, payload: Mapping[str, Any], *, retry: int = 0) -> tuple[int, str]:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.send(
            json.dumps(payload), "application/json", headers=headers if retry else None
        )

    async def interaction(self, payload: Mapping[str, Any]) -> tuple[int, str]:
        """A block_actions or view_submission payload, form-encoded as `payload=`."""
        body = urlencode({"payload": json.dumps(payload)})
        return await self.send(body, "application/x-www-form-urlencoded")

    def button_payload(
        self,
        action_id: str,
        value: str,
        *,
        user: str,
        channel: str = "C0GENERAL",
        ts: str = "",
        team: str = TEAM_ID,
    ) -> dict[str, Any]:
        n = self.next_id()
        return {
            "type": "block_actions",
            "user": {"id": user, "username": "member", "team_id": team},
            "api_app_id": "A0APP0001",
            "token": "legacy-verification-token",
            "container": {"type": "message", "message_ts": ts, "channel_id": channel},
            "trigger_id": f"{n}.{n}.button{n:06d}",
            "team": {"id": team, "domain": "freelancers"},
            "channel": {"id": channel, "name": "general"},
            "message": {"type": "message", "ts": ts, "text": "answer"},
            "response_url": self.fake.response_url(f"button-{n}"),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "jss-buttons",
                    "value": value,
                    "action_ts": str(time.time()),
                }
            ],
        }

    def select_payload(
        self, action_id: str, value: str, *, user: str, ts: str, channel: str = "C0GENERAL"
    ) -> dict[str, Any]:
        """block_actions of a pick in a static select on a message the bot sent."""
        payload = self.button_payload(action_id, "", user=user, channel=channel, ts=ts)
        payload["actions"] = [
            {
                "type": "static_select",
                "action_id": action_id,
                "block_id": "jss-question-0",
                "selected_option": {"text": {"type": "plain_text", "text": "pick"}, "value": value},
                "action_ts": str(time.time()),
            }
        ]
        return payload

    def view_payload(self, view: Mapping[str, Any], value: str, *, user: str) -> dict[str, Any]:
        """The submission of a modal the bot opened, with `value` typed into its one field."""
        n = self.next_id()
        block_id = view["blocks"][0]["block_id"]
        action_id = view["blocks"][0]["element"]["action_id"]
        return {
            "type": "view_submission",
            "team": {"id": TEAM_ID, "domain": "freelancers"},
            "user": {"id": user, "username": "member", "team_id": TEAM_ID},
            "api_app_id": "A0APP0001",
            "token": "legacy-verification-token",
            "trigger_id": f"{n}.{n}.view{n:06d}",
            "view": {
                **view,
                "id": f"V0VIEW{n:03d}",
                "team_id": TEAM_ID,
                "state": {
                    "values": {block_id: {action_id: {"type": "plain_text_input", "value": value}}}
                },
            },
        }


class SocketModeSender:
    """Slack's side of Socket Mode: envelopes pushed down the app's websocket.

    The payloads are the ones HTTP mode receives (a slash command's fields as a
    dict, an event callback), unsigned: the app token authenticated the socket.
    """

    def __init__(self, fake: FakeSlackApi) -> None:
        self.fake = fake
        self.payloads = SlackSender("", "", fake)
        self._ids = itertools.count(1)

    def _envelope_id(self) -> str:
        return f"env-{next(self._ids):04d}-0000-4000-8000-fake"

    def command(
        self, text: str, *, user: str = "U0MEMBER1", channel: str = "C0GENERAL"
    ) -> dict[str, Any]:
        fields, _ = self.payloads.command_fields(text, user=user, channel=channel)
        return {
            "envelope_id": self._envelope_id(),
            "payload": fields,
            "type": "slash_commands",
            "accepts_response_payload": True,
        }

    def mention(
        self,
        text: str,
        *,
        user: str = "U0MEMBER1",
        channel: str = "C0GENERAL",
        thread_ts: str | None = None,
        event_id: str | None = None,
    ) -> dict[str, Any]:
        payload = self.payloads.mention_body(
            text, user=user, channel=channel, thread_ts=thread_ts, event_id=event_id
        )
        return {
            "envelope_id": self._envelope_id(),
            "payload": payload,
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }

    def retry(self, envelope: Mapping[str, Any], attempt: int = 1) -> dict[str, Any]:
        """Slack's retry of an unacknowledged event: a new envelope, the same event."""
        return {
            **envelope,
            "envelope_id": self._envelope_id(),
            "retry_attempt": attempt,
            "retry_reason": "timeout",
        }

    async def send(self, envelope: Mapping[str, Any]) -> None:
        socket = await self.fake.open_socket()
        await socket.send_json(dict(envelope))


SIGNING_SECRET = "test-signing-secret-0123456789"
APP_TOKEN = "xapp-1-A0APP0001-1234567890-test-app-token"
BOT_TOKEN = "xoxb-test-bot-token"
CASE_SECRET = b"wire-test-case-hash-secret-0123456789"
