"""`jss-helper doctor`: everything the bot needs, checked before going live.

Settings, the case log (reachable, migrated), Discord (token, intents, servers)
and Slack (token, scopes; or, for many workspaces, client credentials and the
installations), each a row of a table; the exit status says whether
to fix a setting (78) or wait for a service (69). Each check has its own timeout.
"""

from __future__ import annotations

import asyncio

from bot.adapters.slack.oauth import oauth_config
from bot.doctor.database import check_database
from bot.doctor.discord_checks import check_discord
from bot.doctor.report import Check, Outcome, exit_status, render_table
from bot.doctor.slack_checks import check_slack
from bot.doctor.slack_oauth_checks import check_many_workspaces
from bot.settings import Settings, SettingsError

__all__ = ["Check", "Outcome", "exit_status", "render_table", "run_checks", "settings_failed"]


async def run_checks(settings: Settings) -> list[Check]:
    """Every check on these settings, in the table's order (run concurrently)."""
    first = [Check("settings", Outcome.OK, "read from the environment and .env")]
    oauth = oauth_config(settings)
    slack_checks = (
        check_slack(settings) if oauth is None else check_many_workspaces(settings, oauth)
    )
    database, discord, slack = await asyncio.gather(
        check_database(settings), check_discord(settings), slack_checks
    )
    return [*first, _hash_secret(settings), database, *discord, *slack]


def settings_failed(error: SettingsError) -> list[Check]:
    """The table when the settings cannot even be read: one row per wrong setting."""
    return [Check("settings", Outcome.WRONG_SETTING, line) for line in str(error).splitlines()]


def _hash_secret(settings: Settings) -> Check:
    platforms = (
        settings.discord_token is not None
        or settings.slack_bot_token is not None
        or settings.slack_oauth
    )
    if settings.case_hash_secret is not None:
        return Check("hash secret", Outcome.OK, "CASE_HASH_SECRET is set")
    if platforms:
        return Check(
            "hash secret",
            Outcome.WRONG_SETTING,
            "CASE_HASH_SECRET must be set for Discord and Slack",
        )
    return Check("hash secret", Outcome.OK, f"kept in {settings.data_dir} (console only)")
