"""The bot scopes the Slack app asks for (slack/manifest.yml lists the same), and when each
is needed: the doctor compares them with what a token was granted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.settings import Settings


@dataclass(frozen=True)
class BotScope:
    scope: str
    used_for: str
    needed: Callable[[Settings], bool]


def _always(settings: Settings) -> bool:
    return True


BOT_SCOPES = (
    BotScope("commands", "the /jss slash command", _always),
    BotScope("chat:write", "answers and their threads", _always),
    BotScope("files:write", "each answer's scenario chart, uploaded into its thread", _always),
    BotScope("app_mentions:read", 'answering "@jss …" in channels and threads', _always),
    BotScope("channels:history", "the asking member's replies in an answer's thread", _always),
    BotScope("groups:history", "the same in private channels the bot is in", _always),
    BotScope(
        "usergroups:read",
        "moderators by user group",
        lambda settings: settings.slack_moderator_usergroup_id is not None,
    ),
)


def needed_scopes(settings: Settings) -> tuple[str, ...]:
    """The scopes these settings need: what a many-workspace install asks for."""
    return tuple(s.scope for s in BOT_SCOPES if s.needed(settings))


def missing_scopes(settings: Settings, granted: set[str]) -> list[BotScope]:
    """The scopes these settings need that the token was not granted."""
    return [s for s in BOT_SCOPES if s.needed(settings) and s.scope not in granted]
