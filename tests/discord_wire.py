"""The bot as it runs on Discord, on loopback, for the Discord wire tests and the bench.

The real `DiscordAdapter` (discord.py's unmodified client) logs in to
`FakeDiscord` through `DISCORD_API_BASE` / `DISCORD_GATEWAY_URL`; the case log
is a real SQLite file behind the real background writer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.adapters.discord import DiscordAdapter
from bot.settings import Settings
from commands.dispatcher import Dispatcher, Handler
from commands.handlers import HANDLERS
from commands.ratelimit import RateLimiter
from commands.services import Services
from storage.anonymize import IdHasher
from storage.interface import CaseStore
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter
from tests.fake_discord import (
    FORUM_CHANNEL_ID,
    GUILD_ID,
    MODERATOR_ROLE_ID,
    TOKEN,
    FakeDiscord,
    Recorded,
)

CASE_SECRET = b"discord-wire-test-secret-0123456789"


@dataclass
class Wire:
    fake: FakeDiscord
    adapter: DiscordAdapter
    store: CaseStore
    writer: CaseWriter
    services: Services

    async def interact(self, payload: dict[str, Any]) -> Recorded:
        """Send an INTERACTION_CREATE and return the bot's callback to it."""
        start = len(self.fake.requests)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return await self.fake.wait_request(
            lambda r: r.path.startswith(f"/interactions/{payload['id']}/"), start=start
        )

    async def follow_up(self, payload: dict[str, Any], *, start: int = 0) -> Recorded:
        """The first follow-up message the bot sent through that interaction's webhook."""
        token = payload["token"]
        return await self.fake.wait_request(
            lambda r: r.method == "POST" and r.path.startswith("/webhooks/") and token in r.path,
            start=start,
        )


def discord_settings(fake: FakeDiscord, **overrides: Any) -> Settings:
    """Settings pointing the bot at the fake, with its forum and moderator role."""
    values: dict[str, Any] = {
        "discord_token": TOKEN,
        "discord_api_base": fake.api_base,
        "discord_gateway_url": fake.gateway_url,
        "discord_guild_ids": str(GUILD_ID),
        "discord_forum_channel_ids": str(FORUM_CHANNEL_ID),
        "discord_moderator_role_ids": str(MODERATOR_ROLE_ID),
        "case_hash_secret": CASE_SECRET.decode(),
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running_bot(
    db_path: Path,
    *,
    fake: FakeDiscord | None = None,
    store: CaseStore | None = None,
    handlers: Mapping[str, Handler] | None = None,
    rate_per_minute: float = 6000.0,
    burst: int = 600,
    **settings: Any,
) -> AsyncIterator[Wire]:
    """Start the fake Discord (unless given), the case log and the bot; stop them afterwards.

    `settings` override the bot's settings (`discord_guild_ids="1,2"`)."""
    own_fake = fake is None
    fake = fake or FakeDiscord()
    if own_fake:
        await fake.start()
    store = store or SqliteCaseStore(db_path)
    await store.start()
    writer = CaseWriter(store, backoff_initial=0.05, backoff_max=0.2)
    await writer.start()
    services = Services(store=store, recorder=writer, hasher=IdHasher(CASE_SECRET))
    dispatcher = Dispatcher(services, handlers or HANDLERS, RateLimiter(rate_per_minute, burst))
    adapter = DiscordAdapter(dispatcher, discord_settings(fake, **settings))
    await adapter.start()
    try:
        yield Wire(fake, adapter, store, writer, services)
    finally:
        await adapter.stop()
        await writer.stop()
        await store.close()
        if own_fake:
            await fake.stop()


class LogWaiter(logging.Handler):
    """Log records as they come, for waiting on what the bot decided (never on time)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: asyncio.Queue[logging.LogRecord] = asyncio.Queue()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.put_nowait(record)

    async def wait_for(self, fragment: str, within: float = 10) -> logging.LogRecord:
        async def scan() -> logging.LogRecord:
            while True:
                record = await self.records.get()
                if fragment in record.getMessage():
                    return record

        return await asyncio.wait_for(scan(), within)


def custom_ids(sent: Recorded) -> list[str]:
    """The custom_ids of every button on a message the bot sent."""
    return [
        str(item["custom_id"])
        for row in sent.json.get("components") or []
        for item in row.get("components", [])
    ]


def case_id_of(sent: Recorded) -> str:
    """The case id the answer's buttons carry (`jss:details:C-...`)."""
    details = next(i for i in custom_ids(sent) if i.startswith("jss:details:"))
    return details.rsplit(":", 1)[1]


def components_of(sent: Recorded) -> list[dict[str, Any]]:
    """Every component (button, select menu) on a message the bot sent."""
    return [item for row in sent.json.get("components") or [] for item in row["components"]]


def embed_text(sent: Recorded) -> str:
    """Every title, description, field and footer of a sent message, as one text."""
    parts: list[str] = []
    for embed in sent.json.get("embeds") or []:
        parts += [embed.get("title", ""), embed.get("description", "")]
        for field in embed.get("fields", []):
            parts += [field["name"], field["value"]]
        parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(part for part in parts if part)
