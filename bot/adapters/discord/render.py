"""A `Reply` as Discord messages: embeds within Discord's limits, components on the last one.

Discord rejects a message whose embeds break any limit, so long answers are
split here: at paragraph breaks first, then line breaks, then spaces, and only
inside a word when a single word is longer than the whole limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord

from bot.adapters.discord.views import CaseButton, ChoiceButton, ChoiceMenu, fits
from commands.models import Reply, ReplyKind
from commands.text_split import shorten, split_text

# Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_PER_EMBED = 25
FOOTER_LIMIT = 2048
MESSAGE_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
ROWS_PER_MESSAGE = 5
ITEMS_PER_ROW = 5

COLOURS = {
    ReplyKind.ANSWER: discord.Colour.from_rgb(20, 168, 0),
    ReplyKind.INFO: discord.Colour.blurple(),
    ReplyKind.REFUSAL: discord.Colour.orange(),
    ReplyKind.ERROR: discord.Colour.red(),
}
CONTINUED = " (continued)"


@dataclass
class DiscordMessage:
    """One message to send: its embeds and, on the last message of a reply, its buttons."""

    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None

    def size(self) -> int:
        return sum(len(embed) for embed in self.embeds)


@dataclass(frozen=True)
class _Block:
    """A field-sized piece of the reply: a name and a value within the field limits."""

    name: str
    value: str
    inline: bool = False

    def size(self) -> int:
        return len(self.name) + len(self.value)


def _blocks(reply: Reply) -> list[_Block]:
    blocks = [
        _Block(shorten(f.name, FIELD_NAME_LIMIT), piece, f.inline)
        for f in reply.fields
        for piece in split_text(f.value, FIELD_VALUE_LIMIT)
    ]
    for section in reply.sections:
        name = shorten(section.title, FIELD_NAME_LIMIT - len(CONTINUED))
        for index, piece in enumerate(split_text(section.body, FIELD_VALUE_LIMIT)):
            blocks.append(_Block(name if index == 0 else name + CONTINUED, piece))
    return blocks


def render_reply(reply: Reply) -> list[DiscordMessage]:
    """The messages that say `reply` on Discord, in order; buttons on the last one."""
    colour = COLOURS.get(reply.kind, discord.Colour.blurple())
    title = shorten(reply.title, TITLE_LIMIT)
    continued = shorten(reply.title, TITLE_LIMIT - len(CONTINUED)) + CONTINUED
    footer = shorten(reply.footer, FOOTER_LIMIT) if reply.footer else ""
    # Room kept in every message for the footer, which goes on the very last embed.
    budget = MESSAGE_TOTAL_LIMIT - len(footer) - len(continued)

    messages = [DiscordMessage()]
    embed = discord.Embed(title=title, colour=colour)
    messages[0].embeds.append(embed)
    summary = split_text(reply.summary, DESCRIPTION_LIMIT) if reply.summary else []
    if summary:
        embed.description = summary[0]

    def next_embed(description: str | None = None, *, new_message: bool = False) -> discord.Embed:
        fresh = discord.Embed(title=continued, colour=colour, description=description)
        current = messages[-1]
        if (
            new_message
            or len(current.embeds) >= EMBEDS_PER_MESSAGE
            or current.size() + len(fresh) > budget
        ):
            messages.append(DiscordMessage())
        messages[-1].embeds.append(fresh)
        return fresh

    for piece in summary[1:]:
        embed = next_embed(piece)
    for block in _blocks(reply):
        # The 6000-character limit counts every embed of a message: only a new message helps.
        if messages[-1].size() + block.size() > budget:
            embed = next_embed(new_message=True)
        elif len(embed.fields) >= FIELDS_PER_EMBED:
            embed = next_embed()
        embed.add_field(name=block.name, value=block.value, inline=block.inline)
    if footer:
        embed.set_footer(text=footer)
    messages[-1].view = components(reply)
    return messages


def components(reply: Reply) -> discord.ui.View | None:
    """The answer's questions, a row each (buttons for few choices, a menu for more), then
    its case buttons; None when there is nothing to press."""
    case_id = reply.case_id or ""
    asked = [q for q in reply.questions if q.choices and case_id and fits(q, case_id)]
    items: list[discord.ui.Item[Any]] = []
    for row, question in enumerate(asked):
        if question.as_buttons:
            items.extend(
                ChoiceButton(case_id, question.key, choice.value, label=choice.label, row=row)
                for choice in question.choices
            )
        else:
            items.append(ChoiceMenu(case_id, question, row=row))
    room = (ROWS_PER_MESSAGE - len(asked)) * ITEMS_PER_ROW
    items.extend(
        CaseButton(b.action, b.case_id, label=b.label, row=len(asked) + n // ITEMS_PER_ROW)
        for n, b in enumerate(reply.buttons[:room])
    )
    if not items:
        return None
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    # Finished before sending, as forms are: every item is rebuilt from its custom_id
    # (`views`), so discord.py need not keep the view for each message it sends.
    view.stop()
    return view


def one_line(text: str) -> DiscordMessage:
    """A short plain message, as an embed so that it looks like the bot's other replies."""
    return DiscordMessage([discord.Embed(description=shorten(text, DESCRIPTION_LIMIT))])
