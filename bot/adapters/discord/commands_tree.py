"""The Discord slash commands, built from the one command table (`commands.specs.COMMANDS`).

Member commands are subcommands of `/jss`. Discord applies default member
permissions only to top-level commands, so the moderator commands cannot be
hidden inside `/jss`; they form their own top-level command, `/jss-case`
(`/jss-case show`, ...), which Discord shows only to members who may manage
messages. The dispatcher checks the moderator flag again either way.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from datetime import date, timedelta
from typing import Any

import discord
from discord import app_commands

from commands.specs import COMMANDS, CommandSpec, OptionKind, OptionSpec, find_command

RunCommand = Callable[[discord.Interaction[Any], CommandSpec, Mapping[str, str]], Awaitable[None]]

MEMBER_COMMAND = "jss"
MODERATOR_PREFIX = "jss-"
DESCRIPTION_LIMIT = 100
OPTION_LENGTH_LIMIT = 6000
MODERATOR_PERMISSIONS = discord.Permissions(manage_messages=True)
CHECK_MESSAGE = "check-message"
CHECK_MESSAGE_MENU = "Check with JSS helper"


def _describe(text: str) -> str:
    """Discord's 100-character description limit, cut at a word."""
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    head = text[: DESCRIPTION_LIMIT - 1]
    return head[: head.rfind(" ")].rstrip(" ,;:") + "…"


def _python_name(option: OptionSpec) -> str:
    return option.name.replace("-", "_")


async def _suggest_dates(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Dates to estimate for: what was typed (when valid), today, and the next month-ends.

    "Today" is the interaction's own date (Discord stamps it in its id), not the clock's.
    """
    today = interaction.created_at.date()
    candidates: list[str] = []
    with contextlib.suppress(ValueError):
        candidates.append(date.fromisoformat(current.strip()).isoformat())
    candidates.append(today.isoformat())
    month_end = today
    for _ in range(3):
        month_end = (month_end.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(1)
        candidates.append(month_end.isoformat())
        month_end += timedelta(days=1)
    typed = current.strip()
    unique = list(dict.fromkeys(c for c in candidates if c.startswith(typed[:4]) or not typed))
    return [app_commands.Choice(name=value, value=value) for value in unique[:25]]


def _annotation(option: OptionSpec) -> Any:
    length = min(option.max_length, OPTION_LENGTH_LIMIT)
    return app_commands.Range[str, 1, length]


def _callback(spec: CommandSpec, run: RunCommand) -> Callable[..., Coroutine[Any, Any, None]]:
    """A callback whose signature declares the spec's options, as discord.py reads them.

    A command that opens a form (`/jss ask`) takes no options: the form asks.
    """
    typed = () if spec.opens_form else spec.options
    names = {_python_name(option): option.name for option in typed}

    async def callback(interaction: discord.Interaction[Any], **values: str | None) -> None:
        options = {names[key]: value for key, value in values.items() if value is not None}
        await run(interaction, spec, options)

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for option in typed:
        parameters.append(
            inspect.Parameter(
                _python_name(option),
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(option),
                default=inspect.Parameter.empty if option.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__qualname__ = callback.__name__ = f"jss_{spec.path.replace(' ', '_')}"

    decorated: Any = app_commands.describe(**{_python_name(o): _describe(o.help) for o in typed})(
        callback
    )
    renames = {_python_name(o): o.name for o in typed if _python_name(o) != o.name}
    if renames:
        decorated = app_commands.rename(**renames)(decorated)
    choices = {
        _python_name(o): [app_commands.Choice(name=c, value=c) for c in o.choices]
        for o in typed
        if o.kind is OptionKind.CHOICE
    }
    if choices:
        decorated = app_commands.choices(**choices)(decorated)
    dates = {_python_name(o): _suggest_dates for o in typed if o.kind is OptionKind.DATE}
    if dates:
        decorated = app_commands.autocomplete(**dates)(decorated)
    return callback


def build_commands(run: RunCommand) -> list[app_commands.Group]:
    """`/jss` with every member command, and `/jss-<group>` for moderator commands."""
    member = app_commands.Group(
        name=MEMBER_COMMAND, description="What a contract does to your Upwork Job Success Score."
    )
    groups: dict[str, app_commands.Group] = {}
    for spec in COMMANDS:
        if spec.hidden:
            continue  # reached through buttons and forms, never typed
        words = spec.path.split()
        if spec.moderator_only:
            top = MODERATOR_PREFIX + words[0]
            if top not in groups:
                groups[top] = app_commands.Group(
                    name=top,
                    description=f"Moderators: {words[0]} commands of the JSS helper.",
                    default_permissions=MODERATOR_PERMISSIONS,
                    guild_only=True,
                )
            parent, words = groups[top], words[1:] or words
        else:
            parent = member
        for word in words[:-1]:
            child = parent.get_command(word)
            if not isinstance(child, app_commands.Group):
                child = app_commands.Group(name=word, description=_describe(word), parent=parent)
                parent.add_command(child)
            parent = child
        command: app_commands.Command[Any, ..., None] = app_commands.Command(
            name=words[-1],
            description=_describe(spec.help),
            callback=_callback(spec, run),
            parent=parent,
        )
        parent.add_command(command)
    return [member, *groups.values()]


def command_path(spec: CommandSpec) -> str:
    """How a member types the command on Discord (`/jss check`, `/jss-case show`)."""
    return spec.command_text("discord")


def check_message_menu(run: RunCommand) -> app_commands.ContextMenu:
    """The item "Check with JSS helper" of a message's Apps menu: the message's text,
    checked like `/jss check`, answered to the member who picked it alone.

    Discord sends the picked message's text with the interaction even to a bot without
    the Message Content intent, so this works wherever the bot can answer commands.
    """
    spec = find_command(CHECK_MESSAGE)
    assert spec is not None  # the command table has it

    async def check_message(
        interaction: discord.Interaction[Any], message: discord.Message
    ) -> None:
        await run(interaction, spec, {"message": message.content})

    return app_commands.ContextMenu(name=CHECK_MESSAGE_MENU, callback=check_message)


def add_commands(tree: app_commands.CommandTree[Any], run: RunCommand) -> None:
    """Every command the bot publishes on Discord, run by `run`: the slash commands and
    the message menu. The bot and `jss-helper discord sync` publish the same set."""
    for command in build_commands(run):
        tree.add_command(command)
    tree.add_command(check_message_menu(run))
