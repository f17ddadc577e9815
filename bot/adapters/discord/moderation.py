"""Who counts as a moderator on Discord: a configured role, or Manage Messages.

The adapter only computes the flag; the dispatcher enforces it, so a command
that Discord shows by mistake is still refused.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import discord


def is_moderator(
    user: discord.User | discord.Member,
    permissions: discord.Permissions,
    moderator_role_ids: Collection[int],
) -> bool:
    """True when the member has a moderator role or may manage messages where they are.

    `permissions` are the member's permissions in the channel, as Discord
    resolved them for the event (the interaction's member permissions).
    """
    if isinstance(user, discord.Member) and moderator_role_ids:
        if any(role.id in moderator_role_ids for role in user.roles):
            return True
        # Roles Discord sent that the client has not cached yet still count.
        if any(role_id in moderator_role_ids for role_id in getattr(user, "_roles", ())):
            return True
    return permissions.manage_messages or permissions.administrator


def interaction_is_moderator(
    interaction: discord.Interaction[Any], moderator_role_ids: Collection[int]
) -> bool:
    """`is_moderator` for the member behind an interaction, in its channel."""
    if interaction.guild_id is None:
        return False  # moderators moderate a community; a DM has none
    return is_moderator(interaction.user, interaction.permissions, moderator_role_ids)
