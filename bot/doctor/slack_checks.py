"""Doctor checks of single-token Slack: the bot token (`auth.test`) and its granted
scopes (many workspaces: bot/doctor/slack_oauth_checks.py)."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.scopes import missing_scopes
from bot.doctor.report import Check, Outcome
from bot.settings import Settings

TIMEOUT_SECONDS = 10
# auth.test errors that mean the token itself is wrong, not that Slack is down.
TOKEN_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)


async def check_slack(settings: Settings) -> list[Check]:
    """Whether SLACK_BOT_TOKEN works and holds every scope the settings need."""
    if settings.slack_bot_token is None:
        return [
            Check("slack", Outcome.SKIPPED, "neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID is set")
        ]
    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(
            token=settings.slack_bot_token.get_secret_value(),
            base_url=settings.slack_api_url,
            session=session,
            timeout=TIMEOUT_SECONDS,
        )
        try:
            response = await client.auth_test()
        except SlackApiError as error:
            code = str(error.response.get("error", "unknown"))
            if code in TOKEN_ERRORS:
                return [Check("slack token", Outcome.WRONG_SETTING, f"SLACK_BOT_TOKEN: {code}")]
            return [Check("slack token", Outcome.UNAVAILABLE, f"Slack answered {code}")]
        except (aiohttp.ClientError, TimeoutError) as error:
            return [
                Check("slack token", Outcome.UNAVAILABLE, f"Slack cannot be reached ({error!r})")
            ]
    token = Check("slack token", Outcome.OK, f"works in workspace {response.get('team', '?')}")
    return [token, _scopes(settings, response.headers)]


def _scopes(settings: Settings, headers: dict[str, str]) -> Check:
    granted_header = next(
        (value for key, value in headers.items() if key.lower() == "x-oauth-scopes"), ""
    )
    granted = {scope.strip() for scope in granted_header.split(",") if scope.strip()}
    missing = missing_scopes(settings, granted)
    if missing:
        wanted = ", ".join(f"{s.scope} ({s.used_for})" for s in missing)
        return Check(
            "slack scopes",
            Outcome.WRONG_SETTING,
            f"missing {wanted}; add them from slack/manifest.yml and reinstall the app",
        )
    return Check("slack scopes", Outcome.OK, "every scope the bot uses is granted")
