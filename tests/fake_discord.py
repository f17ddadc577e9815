"""A loopback fake of the parts of Discord the bot touches: REST routes and the gateway.

The unmodified discord.py client logs in to it through `DISCORD_API_BASE` and
`DISCORD_GATEWAY_URL`. Tests inject gateway events (interactions, threads,
messages) and assert on the requests the bot sent back, which the fake records
in order and lets a test wait for (never sleep).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, WSMsgType, web

TOKEN = "fake-bot-token"
APP_ID = 900_000_000_000_000_001
BOT_ID = 900_000_000_000_000_002
GUILD_ID = 900_000_000_000_000_100
TEXT_CHANNEL_ID = 900_000_000_000_000_200
FORUM_CHANNEL_ID = 900_000_000_000_000_300
MODERATOR_ROLE_ID = 900_000_000_000_000_400
# A role whose members may manage messages in the whole server, and one that may manage it.
STAFF_ROLE_ID = 900_000_000_000_000_401
ADMIN_ROLE_ID = 900_000_000_000_000_402
# A second server the bot is in, for tests of what one community sees of another.
OTHER_GUILD_ID = 900_000_000_000_000_500
OTHER_CHANNEL_ID = 900_000_000_000_000_600
MEMBER_ID = 900_000_000_000_001_001
OTHER_MEMBER_ID = 900_000_000_000_001_002
TIMESTAMP = "2026-03-02T10:00:00.000000+00:00"
MANAGE_MESSAGES = 1 << 13
MANAGE_GUILD = 1 << 5
# What a plain member may do in a channel: view, send, read history, use commands.
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31)


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses a body as JSON only when the type is exactly this, as Discord sends it.
    body = json.dumps(data).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json"})


@dataclass(frozen=True)
class Recorded:
    """One request the bot sent to the fake."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    authorization: str | None
    at: float = 0.0  # time.perf_counter() when the request arrived
    files: dict[str, bytes] = field(default_factory=dict)
    """Files of a multipart request, by file name; `body` is then its payload_json."""

    @property
    def json(self) -> dict[str, Any]:
        assert isinstance(self.body, dict), self.body
        return self.body


async def _multipart(request: web.Request) -> tuple[Any, dict[str, bytes]]:
    """A message with files, as discord.py sends it: `payload_json`, then `files[n]`."""
    body: Any = None
    files: dict[str, bytes] = {}
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        assert isinstance(part, BodyPartReader)
        if part.name == "payload_json":
            body = json.loads(await part.text())
        else:
            files[part.filename or str(part.name)] = bytes(await part.read())
    return body, files


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A user object as Discord sends it."""
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def member(user_id: int, roles: tuple[int, ...] = (), permissions: int = 0) -> dict[str, Any]:
    """A guild member object (with `permissions` as interactions carry it)."""
    data: dict[str, Any] = {
        "user": user(user_id, f"member{user_id % 10_000}"),
        "roles": [str(role) for role in roles],
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "nick": None,
        "avatar": None,
        "communication_disabled_until": None,
    }
    if permissions:
        data["permissions"] = str(permissions)
    return data


def message(
    message_id: int, channel_id: int, content: str, author: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    """A message object."""
    data: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }
    data.update(extra)
    return data


def guild_payload(guild_id: int = GUILD_ID) -> dict[str, Any]:
    """A guild the bot is in: a text channel, a forum channel, a moderator role, a staff
    role (Manage Messages server-wide) and an admin role (Manage Server)."""
    other = guild_id != GUILD_ID

    def channel(channel_id: int, kind: int, name: str) -> dict[str, Any]:
        return {
            "id": str(channel_id),
            "type": kind,
            "name": name,
            "position": 0,
            "permission_overwrites": [],
            "parent_id": None,
            "nsfw": False,
            "guild_id": str(guild_id),
            "available_tags": [],
            "flags": 0,
        }

    def role(role_id: int, name: str, permissions: int) -> dict[str, Any]:
        return {
            "id": str(role_id),
            "name": name,
            "permissions": str(permissions),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    return {
        "id": str(guild_id),
        "name": "Other freelancers" if other else "Freelancers",
        "owner_id": str(OTHER_MEMBER_ID),
        "icon": None,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": [
            role(guild_id, "@everyone", MEMBER_PERMISSIONS),
            role(MODERATOR_ROLE_ID, "Moderators", MEMBER_PERMISSIONS),
            role(STAFF_ROLE_ID, "Staff", MEMBER_PERMISSIONS | MANAGE_MESSAGES),
            role(ADMIN_ROLE_ID, "Admins", MEMBER_PERMISSIONS | MANAGE_GUILD),
        ],
        "channels": [channel(OTHER_CHANNEL_ID, 0, "jss-help")]
        if other
        else [
            channel(TEXT_CHANNEL_ID, 0, "jss-help"),
            channel(FORUM_CHANNEL_ID, 15, "contract-questions"),
        ],
        "threads": [],
        "members": [member(BOT_ID)],
        "member_count": 3,
        "large": False,
        "unavailable": False,
        "joined_at": TIMESTAMP,
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
    }


@dataclass
class _Session:
    socket: web.WebSocketResponse
    session_id: str = ""
    sequence: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)


class FakeDiscord:
    """Discord's REST API and gateway on 127.0.0.1, for one bot application."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.identifies = 0
        self.resumes = 0
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.api_base = ""
        self.gateway_url = ""
        self.replay_on_resume: list[tuple[str, dict[str, Any]]] = []
        self.dispatched_at: dict[str, float] = {}  # event data id -> when it was sent
        self._changed = asyncio.Condition()
        self._sessions: list[_Session] = []
        self._connected = asyncio.Event()
        self._ids = itertools.count(910_000_000_000_000_000)
        self._runner: web.AppRunner | None = None
        self.channels: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.guilds: tuple[int, ...] = (GUILD_ID,)  # the servers the bot is in, at READY
        self.left_guilds: list[int] = []
        self.webhook_delay = 0.0  # seconds each follow-up takes: answers stay in flight
        # Webhook requests of these methods are hung up on, unanswered, as a server going
        # away mid-request does.
        self.hang_up_on: set[str] = set()
        # GATEWAY_MESSAGE_CONTENT_LIMITED: a bot in under 100 servers with the intent turned on.
        self.application_flags = 1 << 19

    # ----- lifecycle -----

    async def start(self) -> None:
        app = web.Application()
        api = "/api/v10"
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get(api + "/users/@me", self._me)
        app.router.add_get(api + "/oauth2/applications/@me", self._application)
        app.router.add_get(api + "/gateway/bot", self._gateway_bot)
        app.router.add_route("*", api + "/applications/{app}/commands", self._commands)
        app.router.add_route(
            "*", api + "/applications/{app}/guilds/{guild}/commands", self._commands
        )
        app.router.add_post(api + "/interactions/{id}/{token}/callback", self._callback)
        app.router.add_route("*", api + "/webhooks/{app}/{token}", self._webhook)
        app.router.add_route("*", api + "/webhooks/{app}/{token}/messages/{message}", self._webhook)
        app.router.add_post(api + "/channels/{channel}/messages", self._create_message)
        app.router.add_get(api + "/channels/{channel}/messages/{message}", self._get_message)
        app.router.add_patch(api + "/channels/{channel}/messages/{message}", self._edit_message)
        app.router.add_get(api + "/channels/{channel}", self._get_channel)
        app.router.add_delete(api + "/users/@me/guilds/{guild}", self._leave_guild)
        app.router.add_get(api + "/users/@me/guilds", self._my_guilds)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.api_base = f"http://127.0.0.1:{port}{api}"
        self.gateway_url = f"ws://127.0.0.1:{port}/gateway"

    async def stop(self) -> None:
        for session in self._sessions:
            await session.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def next_id(self) -> int:
        """A fresh snowflake."""
        return next(self._ids)

    # ----- what tests use -----

    async def wait_connected(self, within: float = 10) -> None:
        """Until a bot has identified or resumed and holds an open gateway session."""
        await asyncio.wait_for(self._connected.wait(), within)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one gateway event to the connected bot."""
        await self.wait_connected()
        await self._send_event(self._sessions[-1], event, data)

    async def dispatch_to_every_session(self, event: str, data: dict[str, Any]) -> None:
        """Send one gateway event to every open session (bots of several processes)."""
        await self.wait_connected()
        for session in self._sessions:
            if not session.socket.closed:
                await self._send_event(session, event, data)

    async def _send_event(self, session: _Session, event: str, data: dict[str, Any]) -> None:
        session.sequence += 1
        frame = {"op": 0, "t": event, "s": session.sequence, "d": data}
        session.sent.append(frame)
        self.dispatched_at[str(data.get("id", ""))] = time.perf_counter()
        await session.socket.send_str(json.dumps(frame))

    async def drop_connection(self) -> None:
        """Close the gateway socket as Discord does before asking for a RESUME."""
        self._connected.clear()
        await self._sessions[-1].socket.close(code=4000, message=b"reconnect")

    async def close_with(self, code: int) -> None:
        """Close the gateway socket with a close code (4004: authentication failed)."""
        self._connected.clear()
        await self._sessions[-1].socket.close(code=code, message=b"closed")

    async def wait_request(
        self, predicate: Callable[[Recorded], bool], *, within: float = 10, start: int = 0
    ) -> Recorded:
        """The first request from index `start` on that matches; waits for it to arrive."""
        async with self._changed:
            index = start
            deadline = asyncio.get_running_loop().time() + within
            while True:
                for request in self.requests[index:]:
                    if predicate(request):
                        return request
                index = len(self.requests)
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    raise TimeoutError("the bot did not send the expected request")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    continue

    def sent_to(self, path_part: str, start: int = 0) -> list[Recorded]:
        """Every request so far whose path contains `path_part`."""
        return [r for r in self.requests[start:] if path_part in r.path]

    # ----- REST -----

    async def _record(self, request: web.Request) -> Recorded:
        body: Any = None
        files: dict[str, bytes] = {}
        if request.content_type.startswith("multipart/"):
            body, files = await _multipart(request)
        elif request.can_read_body:
            text = await request.text()
            body = json.loads(text) if text else None
        recorded = Recorded(
            request.method,
            request.path.removeprefix("/api/v10"),
            dict(request.query),
            body,
            request.headers.get("Authorization"),
            time.perf_counter(),
            files,
        )
        async with self._changed:
            self.requests.append(recorded)
            self._changed.notify_all()
        return recorded

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {TOKEN}"

    async def _me(self, request: web.Request) -> web.Response:
        await self._record(request)
        if not self._authorized(request):
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        return _json(user(BOT_ID, "jss-helper", bot=True))

    async def _application(self, request: web.Request) -> web.Response:
        await self._record(request)
        return _json(
            {
                "id": str(APP_ID),
                "name": "JSS helper",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": user(OTHER_MEMBER_ID, "owner"),
                "verify_key": "00",
                "flags": self.application_flags,
                "team": None,
                "rpc_origins": [],
            }
        )

    async def _my_guilds(self, request: web.Request) -> web.Response:
        await self._record(request)
        if not self._authorized(request):
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        return _json([{"id": str(guild), "name": f"server {guild}"} for guild in self.guilds])

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        await self._record(request)
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _commands(self, request: web.Request) -> web.Response:
        recorded = await self._record(request)
        key = request.match_info.get("guild", "global")
        if request.method == "PUT":
            commands = [
                {
                    "description": "",  # as Discord answers for a context-menu command
                    **command,
                    "id": str(self.next_id()),
                    "application_id": str(APP_ID),
                    "version": "1",
                }
                for command in recorded.body
            ]
            if key != "global":
                for command in commands:
                    command["guild_id"] = key
            self.commands[key] = commands
        return _json(self.commands.get(key, []))

    async def _callback(self, request: web.Request) -> web.Response:
        recorded = await self._record(request)
        interaction_id = request.match_info["id"]
        kind = recorded.json["type"]
        result: dict[str, Any] = {
            "interaction": {"id": interaction_id, "type": 2},
            "resource": {"type": kind},
        }
        if kind == 4:
            data = recorded.json.get("data") or {}
            result["resource"]["message"] = self._message_from(data, TEXT_CHANNEL_ID)
        return _json(result)

    async def _webhook(self, request: web.Request) -> web.Response:
        recorded = await self._record(request)
        await asyncio.sleep(self.webhook_delay)
        if request.method in self.hang_up_on and request.transport is not None:
            request.transport.close()
            raise ConnectionResetError("hung up")
        if request.method == "DELETE":
            return web.Response(status=204)
        data = recorded.body if isinstance(recorded.body, dict) else {}
        return _json(self._message_from(data, TEXT_CHANNEL_ID))

    async def _create_message(self, request: web.Request) -> web.Response:
        recorded = await self._record(request)
        channel_id = int(request.match_info["channel"])
        return _json(self._message_from(recorded.json, channel_id))

    async def _get_message(self, request: web.Request) -> web.Response:
        await self._record(request)
        key = (int(request.match_info["channel"]), int(request.match_info["message"]))
        if key not in self.messages:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        return _json(self.messages[key])

    async def _edit_message(self, request: web.Request) -> web.Response:
        recorded = await self._record(request)
        return _json(self._message_from(recorded.json, int(request.match_info["channel"])))

    async def _get_channel(self, request: web.Request) -> web.Response:
        await self._record(request)
        channel_id = int(request.match_info["channel"])
        if channel_id not in self.channels:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        return _json(self.channels[channel_id])

    async def _leave_guild(self, request: web.Request) -> web.Response:
        await self._record(request)
        self.left_guilds.append(int(request.match_info["guild"]))
        return web.Response(status=204)

    def _message_from(self, data: dict[str, Any], channel_id: int) -> dict[str, Any]:
        return message(
            self.next_id(),
            channel_id,
            str(data.get("content") or ""),
            user(BOT_ID, "jss-helper", bot=True),
            embeds=data.get("embeds") or [],
            flags=int(data.get("flags") or 0),
            application_id=str(APP_ID),
        )

    # ----- gateway -----

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        session = _Session(socket)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45_000}}))
        async for frame in socket:
            if frame.type is not WSMsgType.TEXT:
                break
            payload = json.loads(frame.data)
            op = payload["op"]
            if op == 1:
                await socket.send_str(json.dumps({"op": 11}))
            elif op == 2:
                await self._identify(session, payload["d"])
            elif op == 6:
                await self._resume(session, payload["d"])
        if self._sessions and self._sessions[-1] is session:
            self._connected.clear()  # nobody to send events to until the next session
        return socket

    async def _identify(self, session: _Session, data: dict[str, Any]) -> None:
        assert data["token"] == TOKEN
        self.identifies += 1
        session.session_id = f"session-{self.identifies}"
        self._sessions.append(session)
        ready = {
            "v": 10,
            "user": user(BOT_ID, "jss-helper", bot=True),
            "guilds": [{"id": str(guild), "unavailable": True} for guild in self.guilds],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        # A test's events go after READY and the guilds, as on Discord.
        await self._send_event(session, "READY", ready)
        for guild in self.guilds:
            await self._send_event(session, "GUILD_CREATE", guild_payload(guild))
        self._connected.set()

    async def _resume(self, session: _Session, data: dict[str, Any]) -> None:
        previous = next(s for s in self._sessions if s.session_id == data["session_id"])
        self.resumes += 1
        session.session_id = previous.session_id
        session.sequence = previous.sequence
        self._sessions.append(session)
        # Discord replays what the client missed; tests may add events seen before.
        for event, payload in self.replay_on_resume:
            await self._send_event(session, event, payload)
        self.replay_on_resume = []
        await self._send_event(session, "RESUMED", {})
        self._connected.set()

    # ----- events a test injects -----

    def _interaction(
        self, kind: int, data: dict[str, Any], user_id: int, **extra: Any
    ) -> dict[str, Any]:
        roles: tuple[int, ...] = extra.pop("roles", ())
        permissions: int = extra.pop("permissions", MEMBER_PERMISSIONS)
        guild_id: int = extra.pop("guild_id", GUILD_ID)
        thread_id: int | None = extra.pop("thread_id", None)
        channel_id = TEXT_CHANNEL_ID if guild_id == GUILD_ID else OTHER_CHANNEL_ID
        channel: dict[str, Any] = {"id": str(channel_id), "type": 0, "name": "jss-help"}
        if thread_id is not None:  # pressed in a thread (a forum post's): the thread itself
            channel_id, channel = thread_id, self.channels[thread_id]
        payload: dict[str, Any] = {
            "id": str(self.next_id()),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "guild_id": str(guild_id),
            "channel_id": str(channel_id),
            "channel": channel,
            "member": member(user_id, roles, permissions),
            "token": f"token-{self.next_id()}",
            "version": 1,
            "app_permissions": str(MEMBER_PERMISSIONS),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
            "attachment_size_limit": 10_000_000,
        }
        payload.update(extra)
        return payload

    def _command_data(
        self, command: str, path: tuple[str, ...], options: dict[str, str], guild_id: int
    ) -> dict[str, Any]:
        """`data` of `/command path... option:value`, shaped by the commands the bot synced
        (to that guild, else globally)."""
        synced = self.commands.get(str(guild_id)) or self.commands.get("global", [])
        top = next(c for c in synced if c["name"] == command)
        node: dict[str, Any] = top
        data: dict[str, Any] = {"id": top["id"], "name": command, "type": 1, "options": []}
        holder = data
        for name in path:
            node = next(o for o in node.get("options", []) if o["name"] == name)
            child: dict[str, Any] = {"type": node["type"], "name": name, "options": []}
            holder["options"].append(child)
            holder = child
        kinds = {o["name"]: o["type"] for o in node.get("options", [])}
        for name, value in options.items():
            holder["options"].append({"type": kinds[name], "name": name, "value": value})
        if top.get("guild_id"):
            data["guild_id"] = top["guild_id"]
        return data

    def command(
        self,
        command: str,
        *path: str,
        user_id: int = MEMBER_ID,
        roles: tuple[int, ...] = (),
        permissions: int = MEMBER_PERMISSIONS,
        focused: str | None = None,
        guild_id: int = GUILD_ID,
        **options: str,
    ) -> dict[str, Any]:
        """INTERACTION_CREATE of `/command path... option:value`; `focused`: autocomplete."""
        data = self._command_data(command, path, options, guild_id)
        payload = self._interaction(
            2, data, user_id, roles=roles, permissions=permissions, guild_id=guild_id
        )
        if focused is not None:
            payload["type"] = 4
            holder = payload["data"]
            while holder["options"] and holder["options"][0]["type"] in (1, 2):
                holder = holder["options"][0]
            for option in holder["options"]:
                if option["name"] == focused:
                    option["focused"] = True
        return payload

    def message_command(
        self, name: str, target: dict[str, Any], *, user_id: int = MEMBER_ID
    ) -> dict[str, Any]:
        """INTERACTION_CREATE of a message's Apps menu item `name`, picked on `target`. The
        message arrives resolved, its text included (no Message Content intent needed)."""
        synced = self.commands.get(str(GUILD_ID)) or self.commands.get("global", [])
        menu = next(c for c in synced if c["name"] == name and c["type"] == 3)
        data = {
            "id": menu["id"],
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
            "guild_id": str(GUILD_ID),
        }
        return self._interaction(2, data, user_id)

    def button(
        self,
        custom_id: str,
        *,
        user_id: int = MEMBER_ID,
        on_message: dict[str, Any],
        roles: tuple[int, ...] = (),
        guild_id: int = GUILD_ID,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """INTERACTION_CREATE of a button press on a message the bot sent."""
        data = {"custom_id": custom_id, "component_type": 2}
        return self._interaction(
            3,
            data,
            user_id,
            message=on_message,
            roles=roles,
            guild_id=guild_id,
            thread_id=thread_id,
        )

    def select(
        self,
        custom_id: str,
        values: list[str],
        *,
        user_id: int = MEMBER_ID,
        on_message: dict[str, Any],
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """INTERACTION_CREATE of a pick in a select menu on a message the bot sent."""
        data = {"custom_id": custom_id, "component_type": 3, "values": values}
        return self._interaction(3, data, user_id, message=on_message, thread_id=thread_id)

    def modal_submit(
        self,
        custom_id: str,
        values: dict[str, str],
        *,
        user_id: int = MEMBER_ID,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """INTERACTION_CREATE of a submitted form."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        return self._interaction(5, data, user_id, thread_id=thread_id)

    def message_from_sent(self, sent: Recorded) -> dict[str, Any]:
        """A message the bot sent (a follow-up or channel post), as Discord would deliver it."""
        data = sent.json
        return message(
            self.next_id(),
            TEXT_CHANNEL_ID,
            str(data.get("content") or ""),
            user(BOT_ID, "jss-helper", bot=True),
            embeds=data.get("embeds") or [],
            components=data.get("components") or [],
            flags=int(data.get("flags") or 0),
            application_id=str(APP_ID),
        )

    def thread(
        self, thread_id: int, parent_id: int, *, owner_id: int = MEMBER_ID, name: str = "Help"
    ) -> dict[str, Any]:
        """A thread channel; kept so that GET channels/{id} finds it."""
        data = {
            "id": str(thread_id),
            "guild_id": str(GUILD_ID),
            "parent_id": str(parent_id),
            "owner_id": str(owner_id),
            "name": name,
            "type": 11,
            "last_message_id": str(thread_id),
            "member_count": 1,
            "message_count": 0,
            "rate_limit_per_user": 0,
            "flags": 0,
            "applied_tags": [],
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": TIMESTAMP,
                "locked": False,
            },
        }
        self.channels[thread_id] = data
        return data

    def post(
        self,
        message_id: int,
        channel_id: int,
        content: str,
        *,
        author_id: int = MEMBER_ID,
        **extra: Any,
    ) -> dict[str, Any]:
        """MESSAGE_CREATE data of a member's message; kept so that a fetch finds it."""
        data = message(
            message_id,
            channel_id,
            content,
            user(author_id, f"member{author_id % 10_000}"),
            guild_id=str(GUILD_ID),
            member={k: v for k, v in member(author_id).items() if k != "user"},
            **extra,
        )
        self.messages[(channel_id, message_id)] = data
        return data
