"""An answer's chart on Discord: the PNG attached to the answer's first message, shown as
its embed's image, with the chart's alt text as the attachment's description.

The answer is sent first; the chart is drawn afterwards and the message edited to carry
it, so that the member never waits on it and a chart that fails leaves the answer as sent.
"""

from __future__ import annotations

import asyncio
import io
import logging

import aiohttp
import discord

from bot.adapters.discord.render import DiscordMessage
from commands.charts.render import chart_filename
from commands.models import Reply
from commands.services import Services
from commands.text_split import shorten

log = logging.getLogger(__name__)

EDIT_TIMEOUT = 15.0
"""Longest the edit that attaches the chart may take."""
DESCRIPTION_LIMIT = 1024
"""Discord's limit on an attachment's description (its alt text)."""


async def attach_chart(
    message: discord.Message | discord.WebhookMessage | None,
    sent: DiscordMessage,
    reply: Reply,
    services: Services,
) -> None:
    """Edit the answer's first message (`sent`, as rendered) to show the reply's chart;
    a no-op without one."""
    if message is None or reply.chart is None:
        return
    png = await services.charts.render(services.compute, reply.chart)
    if png is None:
        return
    name = chart_filename(reply)
    embeds = [embed.copy() for embed in sent.embeds]  # the answer as sent, not re-rendered
    embeds[0].set_image(url=f"attachment://{name}")
    file = discord.File(
        io.BytesIO(png),
        filename=name,
        description=shorten(reply.chart.alt_text(), DESCRIPTION_LIMIT),
    )
    try:
        async with asyncio.timeout(EDIT_TIMEOUT):
            await message.edit(
                embeds=embeds,
                attachments=[file],
                allowed_mentions=discord.AllowedMentions.none(),
            )
    except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as error:
        # The answer went out; a chart that cannot follow it (refused, cut off at
        # shutdown, too slow) leaves it as sent.
        log.warning("the chart could not be attached (%s)", type(error).__name__)
