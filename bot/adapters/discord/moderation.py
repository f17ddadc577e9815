"""Who counts as a moderator on Discord: a configured role, or a server-wide permission.

A moderator sees every case of their server, so the permission must be one the
server gives them as a whole: Manage Server, or Manage Messages through a role
(Administrator and ownership imply both). Manage Messages granted in a single
channel, which Discord folds into the interaction's permissions, does not count.
The adapter only computes the flag; the dispatcher enforces it, so a command
that Discord shows by mistake is still refused.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import discord


def is_moderator(user: discord.User | discord.Member, moderator_role_ids: Collection[int]) -> bool:
    """True when the member has a moderator role or a server-wide moderator permission.

    Server-wide permissions come from the member's roles as the client caches
    them (the guilds intent keeps every server's roles); a member of a server
    the client does not know is not a moderator.
    """
    if not isinstance(user, discord.Member):
        return False
    # Roles Discord sent that the client has not cached yet still count.
    if any(role_id in moderator_role_ids for role_id in getattr(user, "_roles", ())):
        return True
    server = user.guild_permissions
    return server.manage_guild or server.manage_messages or server.administrator


def interaction_is_moderator(
    interaction: discord.Interaction[Any], moderator_role_ids: Collection[int]
) -> bool:
    """`is_moderator` for the member behind an interaction."""
    if interaction.guild_id is None:
        return False  # moderators moderate a community; a DM has none
    return is_moderator(interaction.user, moderator_role_ids)
