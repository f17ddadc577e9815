"""Buttons and menus under an answer that keep working after a restart.

Each button's custom_id carries what it does and the case it belongs to
(`jss:compare:C-7K2M9XQ`), so a `DynamicItem` rebuilds it from any press: no view
has to be kept in memory per message, and a restarted bot understands buttons
on answers it sent before. The answer's questions work the same way: a choice's
button carries the case, the question's key and the choice
(`jss:pick:C-7K2M9XQ:contract-1-status:open`), a menu the case and the key
(`jss:menu:C-7K2M9XQ:badge`) with the choices as its options' values.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ClassVar

import discord

from commands.command_line import CASE_ID_PATTERN
from commands.models import ButtonAction, Question

CUSTOM_ID_PREFIX = "jss"
CUSTOM_ID_LIMIT = 100
"""Discord's limit on a component's custom_id."""
_ACTIONS = "|".join(re.escape(action.value) for action in ButtonAction)
TEMPLATE = re.compile(
    rf"{CUSTOM_ID_PREFIX}:(?P<action>{_ACTIONS}):(?P<case>{CASE_ID_PATTERN.pattern})"
)
_CASE = rf"(?P<case>{CASE_ID_PATTERN.pattern})"
_WORD = r"[A-Za-z0-9._-]{1,60}"  # a question's key or a choice's value: no ':' inside
PICK_TEMPLATE = re.compile(rf"{CUSTOM_ID_PREFIX}:pick:{_CASE}:(?P<key>{_WORD}):(?P<value>{_WORD})")
MENU_TEMPLATE = re.compile(rf"{CUSTOM_ID_PREFIX}:menu:{_CASE}:(?P<key>{_WORD})")

# Discord's limits on a select menu.
SELECT_PLACEHOLDER_LIMIT = 150
SELECT_OPTIONS_LIMIT = 25

ButtonPress = Callable[[discord.Interaction[Any], ButtonAction, str], Awaitable[None]]
Choose = Callable[[discord.Interaction[Any], str, str, str], Awaitable[None]]
"""A choice picked: the interaction, the case id, the question's key, the choice's value."""


def custom_id(action: ButtonAction, case_id: str) -> str:
    """The custom_id of a button: its action and case, all a press needs."""
    return f"{CUSTOM_ID_PREFIX}:{action.value}:{case_id}"


class CaseButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """One button under an answer; a press is handed to `on_press`, set by the adapter."""

    # Set once by the adapter at start: there is one adapter per process and
    # discord.py builds these items itself from the custom_id of a press.
    on_press: ClassVar[ButtonPress | None] = None

    def __init__(
        self, action: ButtonAction, case_id: str, *, label: str = "", row: int | None = None
    ) -> None:
        style = (
            discord.ButtonStyle.primary
            if action in (ButtonAction.DETAILS, ButtonAction.COMPARE)
            else discord.ButtonStyle.secondary
        )
        super().__init__(
            discord.ui.Button(
                label=label or action.value,
                style=style,
                custom_id=custom_id(action, case_id),
                row=row,
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


def pick_id(case_id: str, key: str, value: str) -> str:
    """The custom_id of a choice's button: the case, the question and the choice."""
    return f"{CUSTOM_ID_PREFIX}:pick:{case_id}:{key}:{value}"


def menu_id(case_id: str, key: str) -> str:
    """The custom_id of a question's menu: the case and the question."""
    return f"{CUSTOM_ID_PREFIX}:menu:{case_id}:{key}"


def fits(question: Question, case_id: str) -> bool:
    """Whether every custom_id of the question is one a press can be read back from:
    within Discord's limit and matched by its template (a question that is not is
    still asked in the text, and can be answered in words)."""
    if not question.as_buttons:
        found = MENU_TEMPLATE.fullmatch(menu_id(case_id, question.key))
        return found is not None and len(found[0]) <= CUSTOM_ID_LIMIT
    ids = [pick_id(case_id, question.key, choice.value) for choice in question.choices]
    return all(PICK_TEMPLATE.fullmatch(i) and len(i) <= CUSTOM_ID_LIMIT for i in ids)


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=PICK_TEMPLATE):
    """One choice of a question with few choices; a press is handed to `on_choose`."""

    on_choose: ClassVar[Choose | None] = None  # set by the adapter, as for CaseButton

    def __init__(self, case_id: str, key: str, value: str, *, label: str = "", row: int = 0):
        super().__init__(
            discord.ui.Button(
                label=label or value,
                style=discord.ButtonStyle.success,
                custom_id=pick_id(case_id, key, value),
                row=row,
            )
        )
        self.case_id, self.key, self.value = case_id, key, value

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ChoiceButton:
        label = item.label if isinstance(item, discord.ui.Button) else ""
        return cls(match["case"], match["key"], match["value"], label=label or "")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        if ChoiceButton.on_choose is not None:
            await ChoiceButton.on_choose(interaction, self.case_id, self.key, self.value)


class ChoiceMenu(discord.ui.DynamicItem[discord.ui.Select[Any]], template=MENU_TEMPLATE):
    """A question with many choices as a select menu; a pick is handed to `on_choose`."""

    def __init__(self, case_id: str, question: Question, *, row: int = 0) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=menu_id(case_id, question.key),
                placeholder=question.text[:SELECT_PLACEHOLDER_LIMIT],
                options=[
                    discord.SelectOption(label=choice.label[:100], value=choice.value)
                    for choice in question.choices[:SELECT_OPTIONS_LIMIT]
                ],
                row=row,
            )
        )
        self.case_id, self.key = case_id, question.key

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ChoiceMenu:
        # The options are not needed to read a pick: Discord sends the chosen value.
        return cls(match["case"], Question(match["key"], ""))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        data: Mapping[str, Any] = interaction.data or {}
        values = data.get("values") or []
        if ChoiceButton.on_choose is not None and values:
            await ChoiceButton.on_choose(interaction, self.case_id, self.key, str(values[0]))
