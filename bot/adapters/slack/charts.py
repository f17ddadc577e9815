"""An answer's chart on Slack: uploaded into the answer's thread (files upload v2).

The answer is posted first; the chart is drawn afterwards and uploaded as a reply in
its thread, with the chart's alt text, so that the member never waits on it and a
chart that fails leaves the answer as posted.
"""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from commands.charts.render import chart_filename
from commands.models import Reply
from commands.services import Services
from commands.text_split import shorten

log = logging.getLogger(__name__)

UPLOAD_TIMEOUT = 30.0
"""Longest the three calls of an upload may take together."""
ALT_TEXT_LIMIT = 1000
"""Slack's limit on a file's alt text."""


async def upload_chart(
    client: AsyncWebClient,
    reply: Reply,
    *,
    channel_id: str,
    thread_ts: str | None,
    services: Services,
) -> None:
    """Upload the reply's chart into the thread of `thread_ts`; a no-op without either."""
    if reply.chart is None or not thread_ts:
        return
    png = await services.charts.render(services.compute, reply.chart)
    if png is None:
        return
    try:
        async with asyncio.timeout(UPLOAD_TIMEOUT):
            await client.files_upload_v2(
                content=png,
                filename=chart_filename(reply),
                title=reply.chart.title,
                alt_txt=shorten(reply.chart.alt_text(), ALT_TEXT_LIMIT),
                channel=channel_id,
                thread_ts=thread_ts,
            )
    except (SlackApiError, SlackRequestError, OSError, TimeoutError) as error:
        log.warning("the chart could not be uploaded (%s)", type(error).__name__)
