"""Doctor checks of Discord over its REST API: the token, the privileged intents, the servers.

Plain aiohttp calls rather than a discord.py login: the doctor must not open a
gateway session, and each call has its own timeout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.doctor.report import Check, Outcome
from bot.settings import Settings

TIMEOUT = aiohttp.ClientTimeout(total=10)


@dataclass(frozen=True)
class PrivilegedIntent:
    """A privileged intent the bot asks for and the application flags that grant it."""

    attribute: str  # the discord.Intents attribute
    portal_name: str  # what the Developer Portal calls the switch
    flags: int  # any of these application flags means it is granted


PRIVILEGED_INTENTS = (
    # Each intent has two flags: granted to a verified bot, or to one in under 100 servers.
    PrivilegedIntent("message_content", "Message Content Intent", (1 << 18) | (1 << 19)),
    PrivilegedIntent("members", "Server Members Intent", (1 << 14) | (1 << 15)),
    PrivilegedIntent("presences", "Presence Intent", (1 << 12) | (1 << 13)),
)


class _Refused(Exception):
    """Discord answered with an error status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


async def check_discord(settings: Settings) -> list[Check]:
    """Token (`/users/@me`), intents (`/oauth2/applications/@me`), servers (`/users/@me/guilds`)."""
    if settings.discord_token is None:
        return [Check("discord", Outcome.SKIPPED, "DISCORD_TOKEN is not set")]
    headers = {"Authorization": f"Bot {settings.discord_token.get_secret_value()}"}
    base = settings.discord_api_base.rstrip("/")
    async with aiohttp.ClientSession(headers=headers, timeout=TIMEOUT) as session:
        try:
            me = await _get(session, base + "/users/@me")
        except _Refused as refused:
            if refused.status == 401:
                return [Check("discord token", Outcome.WRONG_SETTING, "DISCORD_TOKEN is refused")]
            return [_unavailable("discord token", f"Discord answered {refused.status}")]
        except (aiohttp.ClientError, TimeoutError) as error:
            return [_unavailable("discord token", _network(error))]
        checks = [Check("discord token", Outcome.OK, f"logs in as {me.get('username', '?')}")]
        for name, run in (("discord intents", _intents), ("discord servers", _guilds)):
            try:
                checks.append(await run(session, base, settings))
            except _Refused as refused:
                checks.append(_unavailable(name, f"Discord answered {refused.status}"))
            except (aiohttp.ClientError, TimeoutError) as error:
                checks.append(_unavailable(name, _network(error)))
    return checks


async def _intents(session: aiohttp.ClientSession, base: str, settings: Settings) -> Check:
    from bot.adapters.discord.client import intents  # discord.py loads only when asked for

    application = await _get(session, base + "/oauth2/applications/@me")
    flags = int(application.get("flags") or 0)
    asked = intents()
    missing = [
        intent.portal_name
        for intent in PRIVILEGED_INTENTS
        if getattr(asked, intent.attribute) and not flags & intent.flags
    ]
    if missing:
        return Check(
            "discord intents",
            Outcome.WRONG_SETTING,
            "turn on " + ", ".join(missing) + " under Bot in the Developer Portal",
        )
    return Check("discord intents", Outcome.OK, "privileged intents granted")


async def _guilds(session: aiohttp.ClientSession, base: str, settings: Settings) -> Check:
    guilds = await _get(session, base + "/users/@me/guilds")
    joined = {int(guild["id"]) for guild in guilds} if isinstance(guilds, list) else set()
    wanted = set(settings.discord_guild_ids) | set(settings.discord_allowed_guild_ids)
    absent = sorted(wanted - joined)
    if absent:
        return Check(
            "discord servers",
            Outcome.WRONG_SETTING,
            f"not in server(s) {_ids(absent)} of DISCORD_GUILD_IDS/DISCORD_ALLOWED_GUILD_IDS; "
            "invite the bot there (jss-helper discord sync prints the link)",
        )
    return Check("discord servers", Outcome.OK, f"in {len(joined)} server(s)")


async def _get(session: aiohttp.ClientSession, url: str) -> Any:
    async with session.get(url) as response:
        if response.status >= 400:
            raise _Refused(response.status)
        return await response.json()


def _unavailable(name: str, why: str) -> Check:
    return Check(name, Outcome.UNAVAILABLE, why)


def _network(error: BaseException) -> str:
    return (
        "Discord did not answer in time"
        if isinstance(error, TimeoutError)
        else (f"Discord cannot be reached ({type(error).__name__})")
    )


def _ids(ids: Sequence[int]) -> str:
    return ", ".join(str(value) for value in ids)
