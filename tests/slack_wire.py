"""The bot as it runs in HTTP mode, on loopback, for the Slack wire tests and the bench.

The real `SlackAdapter` (bolt's unmodified `AsyncApp` behind our aiohttp server)
answers on 127.0.0.1; its Web API client points at `FakeSlackApi`; the case log
is a real SQLite file behind the real background writer.

`socket_mode_bot` runs the same adapter in Socket Mode instead, built from the
settings the way `jss-helper run` builds it (an app token and no signing secret).
`oauth_bot` runs it in many-workspace mode: no bot token, installs through OAuth,
installations kept in the given store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.adapters.registry import AdapterEnv
from bot.adapters.slack import SlackAdapter, build
from bot.adapters.slack.oauth import OAuthConfig
from bot.settings import Settings
from commands.dispatcher import Dispatcher, Handler
from commands.handlers import HANDLERS
from commands.ratelimit import RateLimiter
from commands.services import Services
from storage.anonymize import IdHasher
from storage.interface import CaseDatabase, CaseStore
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter
from tests.fake_slack import (
    APP_TOKEN,
    BOT_TOKEN,
    CASE_SECRET,
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
    FakeSlackApi,
    SlackSender,
    SocketModeSender,
)


@dataclass
class Wire:
    fake: FakeSlackApi
    slack: SlackSender
    adapter: SlackAdapter
    store: CaseStore
    writer: CaseWriter
    services: Services


@dataclass
class Bot:
    adapter: SlackAdapter
    store: CaseStore
    writer: CaseWriter
    services: Services


@asynccontextmanager
async def serving_bot(
    db_path: Path,
    api_url: str,
    *,
    moderators: Sequence[str] = (),
    usergroup: str | None = None,
    store: CaseStore | None = None,
    rate_per_minute: float = 600.0,
    burst: int = 60,
    handlers: Mapping[str, Handler] | None = None,
    allowed_teams: Sequence[str] = (),
    oauth: OAuthConfig | None = None,
) -> AsyncIterator[Bot]:
    """The case log and the bot in HTTP mode on 127.0.0.1, its Web API at `api_url`;
    with `oauth`, for every workspace that installs it (installations in the store)."""
    store = store or SqliteCaseStore(db_path)
    await store.start()
    writer = CaseWriter(store, backoff_initial=0.05, backoff_max=0.2)
    await writer.start()
    services = Services(store=store, recorder=writer, hasher=IdHasher(CASE_SECRET))
    dispatcher = Dispatcher(services, handlers or HANDLERS, RateLimiter(rate_per_minute, burst))
    adapter = SlackAdapter(
        dispatcher,
        bot_token=None if oauth else BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=api_url,
        host="127.0.0.1",
        port=0,
        moderator_user_ids=moderators,
        moderator_usergroup_id=usergroup,
        allowed_team_ids=allowed_teams,
        oauth=oauth,
        installations=store if oauth else None,  # type: ignore[arg-type]
    )
    await adapter.start()
    try:
        yield Bot(adapter, store, writer, services)
    finally:
        await adapter.stop()
        await writer.stop()
        await store.close()


@asynccontextmanager
async def running_bot(
    db_path: Path,
    *,
    moderators: Sequence[str] = (),
    usergroup: str | None = None,
    group_members: Sequence[str] = (),
    store: CaseStore | None = None,
    allowed_teams: Sequence[str] = (),
) -> AsyncIterator[Wire]:
    """Start the fake Slack and the bot on a SQLite file; stop both afterwards."""
    fake = FakeSlackApi(usergroups={usergroup: list(group_members)} if usergroup else None)
    await fake.start()
    try:
        async with serving_bot(
            db_path,
            fake.api_url,
            moderators=moderators,
            usergroup=usergroup,
            store=store,
            allowed_teams=allowed_teams,
        ) as bot:
            assert bot.adapter.http is not None
            url = f"http://127.0.0.1:{bot.adapter.http.port}/slack/events"
            async with SlackSender(url, SIGNING_SECRET, fake) as slack:
                yield Wire(fake, slack, bot.adapter, bot.store, bot.writer, bot.services)
    finally:
        await fake.stop()


PUBLIC_URL = "https://jss.example.test"
OAUTH = OAuthConfig(
    client_id=CLIENT_ID,
    client_secret=CLIENT_SECRET,
    public_url=PUBLIC_URL,
    scopes=("commands", "chat:write", "files:write"),
)


@dataclass
class OAuthWire:
    fake: FakeSlackApi
    slack: SlackSender
    adapter: SlackAdapter
    store: CaseDatabase
    base_url: str  # the bot's HTTP server: /slack/install, /slack/oauth_redirect, /slack/events


@asynccontextmanager
async def oauth_bot(
    store: CaseDatabase, *, allowed_teams: Sequence[str] = ()
) -> AsyncIterator[OAuthWire]:
    """The fake Slack and the bot in many-workspace mode on `store`; stop both afterwards."""
    fake = FakeSlackApi()
    await fake.start()
    try:
        async with serving_bot(
            Path(), fake.api_url, store=store, oauth=OAUTH, allowed_teams=allowed_teams
        ) as bot:
            assert bot.adapter.http is not None
            base = f"http://127.0.0.1:{bot.adapter.http.port}"
            async with SlackSender(base + "/slack/events", SIGNING_SECRET, fake) as slack:
                yield OAuthWire(fake, slack, bot.adapter, store, base)
    finally:
        await fake.stop()


@dataclass
class SocketWire:
    fake: FakeSlackApi
    slack: SocketModeSender
    adapter: SlackAdapter
    store: CaseStore


@asynccontextmanager
async def socket_mode_bot(db_path: Path) -> AsyncIterator[SocketWire]:
    """The fake Slack and the bot in Socket Mode on a SQLite file; stop both afterwards."""
    fake = FakeSlackApi()
    await fake.start()
    store = SqliteCaseStore(db_path)
    await store.start()
    writer = CaseWriter(store, backoff_initial=0.05, backoff_max=0.2)
    await writer.start()
    services = Services(store=store, recorder=writer, hasher=IdHasher(CASE_SECRET))
    dispatcher = Dispatcher(services, HANDLERS, RateLimiter(600.0, 60))
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN,
        slack_api_url=fake.api_url,
    )
    adapter = build(AdapterEnv(settings, dispatcher))
    try:
        await adapter.start()
        try:
            yield SocketWire(fake, SocketModeSender(fake), adapter, store)
        finally:
            await adapter.stop()
    finally:
        await writer.stop()
        await store.close()
        await fake.stop()
