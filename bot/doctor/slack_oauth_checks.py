"""Doctor checks of many-workspace Slack: the app's client credentials, the case database
that keeps the workspaces' tokens, and the URLs to register with the app.

There is no bot token to try: each workspace's comes with its install.
"""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.http import EVENTS_PATH
from bot.adapters.slack.oauth import INSTALL_PATH, OAuthConfig
from bot.doctor.report import Check, Outcome
from bot.doctor.slack_checks import TIMEOUT_SECONDS
from bot.settings import Settings
from storage.interface import StoreError
from storage.schema_status import read_installation_count

# A code Slack never gave out: with the right id and secret it answers invalid_code.
PROBE_CODE = "jss-helper-doctor"
# oauth.v2.access errors that name the setting that is wrong.
CLIENT_ERRORS = {"invalid_client_id": "SLACK_CLIENT_ID", "bad_client_secret": "SLACK_CLIENT_SECRET"}


async def check_many_workspaces(settings: Settings, config: OAuthConfig) -> list[Check]:
    """Whether Slack accepts the client credentials and the installations can be read."""
    client, installs = await asyncio.gather(
        _client(settings.slack_api_url, config), _installations(settings.database_url)
    )
    base = config.public_url.rstrip("/")
    urls = Check(
        "slack urls",
        Outcome.OK,
        f"register {base}{EVENTS_PATH} (events, commands, interactivity) and the redirect "
        f"{config.redirect_uri}; communities install at {base}{INSTALL_PATH}",
    )
    return [client, installs, urls]


async def _client(api_url: str, config: OAuthConfig) -> Check:
    # Slack checks the app's credentials before the code, so trading a code it never
    # gave tells a wrong id or secret from a right one without installing anything.
    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(base_url=api_url, session=session, timeout=TIMEOUT_SECONDS)
        try:
            await client.oauth_v2_access(
                client_id=config.client_id, client_secret=config.client_secret, code=PROBE_CODE
            )
        except SlackApiError as error:
            code = str(error.response.get("error", "unknown"))
            if code in CLIENT_ERRORS:
                return Check(
                    "slack client", Outcome.WRONG_SETTING, f"{CLIENT_ERRORS[code]}: {code}"
                )
            if code != "invalid_code":
                return Check("slack client", Outcome.UNAVAILABLE, f"Slack answered {code}")
        except (aiohttp.ClientError, TimeoutError) as error:
            return Check(
                "slack client", Outcome.UNAVAILABLE, f"Slack cannot be reached ({error!r})"
            )
    return Check(
        "slack client", Outcome.OK, "Slack accepts SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"
    )


async def _installations(database_url: str) -> Check:
    try:
        count = await read_installation_count(database_url)
    except StoreError as error:
        return Check("slack installs", Outcome.UNAVAILABLE, f"cannot be read: {error}")
    if count is None:
        return Check("slack installs", Outcome.OK, "kept in the case database from its next start")
    return Check("slack installs", Outcome.OK, f"{count} workspace(s), in the case database")
