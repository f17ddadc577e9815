"""Buttons under an answer that keep working after a restart.

Each button's custom_id carries what it does and the case it belongs to
(`jss:compare:C-7K2M9XQ`), so a `DynamicItem` rebuilds it from any press: no view
has to be kept in memory per message, and a restarted bot understands buttons
on answers it sent before.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

import discord

from commands.command_line import CASE_ID_PATTERN
from commands.models import ButtonAction

CUSTOM_ID_PREFIX = "jss"
_ACTIONS = "|".join(re.escape(action.value) for action in ButtonAction)
TEMPLATE = re.compile(
    rf"{CUSTOM_ID_PREFIX}:(?P<action>{_ACTIONS}):(?P<case>{CASE_ID_PATTERN.pattern})"
)

ButtonPress = Callable[[discord.Interaction[Any], ButtonAction, str], Awaitable[None]]


def custom_id(action: ButtonAction, case_id: str) -> str:
    """The custom_id of a button: its action and case, all a press needs."""
    return f"{CUSTOM_ID_PREFIX}:{action.value}:{case_id}"


class CaseButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """One button under an answer; a press is handed to `on_press`, set by the adapter."""

    # Set once by the adapter at start: there is one adapter per process and
    # discord.py builds these items itself from the custom_id of a press.
    on_press: ClassVar[ButtonPress | None] = None

    def __init__(self, action: ButtonAction, case_id: str, *, label: str = "") -> None:
        style = (
            discord.ButtonStyle.primary
            if action in (ButtonAction.DETAILS, ButtonAction.COMPARE)
            else discord.ButtonStyle.secondary
        )
        super().__init__(
            discord.ui.Button(
                label=label or action.value, style=style, custom_id=custom_id(action, case_id)
            )
        )
        self.action = action
        self.case_id = case_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> CaseButton:
        label = item.label if isinstance(item, discord.ui.Button) else ""
        return cls(ButtonAction(match["action"]), match["case"], label=label or "")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        if CaseButton.on_press is not None:
            await CaseButton.on_press(interaction, self.action, self.case_id)
