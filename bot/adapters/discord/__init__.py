"""The Discord adapter: `/jss` slash commands, buttons, forms, forum posts and mentions.

`jss-helper run --adapter discord` (or a `DISCORD_TOKEN` in `.env`) starts it.
"""

from __future__ import annotations

from bot.adapters.discord.client import DiscordAdapter
from bot.adapters.registry import AdapterEnv

__all__ = ["DiscordAdapter", "build"]


def build(env: AdapterEnv) -> DiscordAdapter:
    """The Discord adapter on the shared dispatcher, configured from the settings."""
    return DiscordAdapter(env.dispatcher, env.settings)
