"""Replies out to Slack: Web API posts, `response_url` answers and forms.

Public answers to a command go in the channel, one short message (everything
behind it is one press of Details away); private ones go through the command's
`response_url` when there is one (no channel membership needed), else
`chat.postEphemeral`. Every Web API call goes through the target's client, which
holds the token of the workspace the request came from.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.blocks import (
    Block,
    fallback_text,
    form_view,
    reply_blocks,
)
from bot.adapters.slack.charts import upload_chart
from commands.models import Form, Reply
from commands.services import Services

log = logging.getLogger(__name__)

# Keep Slack from turning anything in our text into a mention or a preview.
QUIET: dict[str, Any] = {
    "parse": "none",
    "link_names": False,
    "unfurl_links": False,
    "unfurl_media": False,
}


@dataclass(frozen=True)
class Target:
    """Where an answer goes.

    `client`: the Web API client bolt authorized the request with, holding the token of
    the request's workspace (in many-workspace mode each has its own).
    `in_channel`: post in the channel itself (slash commands and forms), through the
    command's `response_url` when the bot is not a member there; otherwise the answer
    goes to `thread_ts`.
    """

    channel_id: str
    user_id: str
    client: AsyncWebClient = field(repr=False, compare=False)
    team_id: str | None = None
    thread_ts: str | None = None
    response_url: str | None = None
    trigger_id: str | None = None
    in_channel: bool = False


class Outbox:
    """Delivers Replies through each target's Web API client and one HTTP session."""

    def __init__(self, session: aiohttp.ClientSession, services: Services | None = None) -> None:
        self._session = session
        self._services = services
        self._charts: set[asyncio.Task[None]] = set()

    async def deliver(self, reply: Reply, target: Target) -> str | None:
        """Send a reply where it belongs: a form, privately, in the channel, or in a thread;
        then its chart, if it has one, into the answer's thread.

        Returns the thread a public reply is in (its own ts when it starts one), where
        members can go on; None for forms, private replies and `response_url` posts."""
        if reply.form is not None and target.trigger_id:
            await self._open_form(reply.form, target)
        elif reply.ephemeral:
            await self._ephemeral(reply_blocks(reply), fallback_text(reply), target)
        elif target.in_channel:
            thread = await self._in_channel(reply, target)
            await self._chart(reply, target, thread)
            return thread
        else:
            await self._post(target, reply_blocks(reply), fallback_text(reply), target.thread_ts)
            await self._chart(reply, target, target.thread_ts)
            return target.thread_ts
        return None

    async def _chart(self, reply: Reply, target: Target, thread_ts: str | None) -> None:
        """Upload the chart in the background: the answer is delivered once its text is,
        so a shutdown never apologises for an answer that was already given."""
        if self._services is None or reply.chart is None:
            return
        upload = upload_chart(
            target.client,
            reply,
            channel_id=target.channel_id,
            thread_ts=thread_ts,
            services=self._services,
        )
        task = asyncio.create_task(upload, name="slack-chart")
        self._charts.add(task)  # a reference, so the task is not collected mid-upload
        task.add_done_callback(self._charts.discard)

    async def _open_form(self, form: Form, target: Target) -> None:
        meta = {"command": form.command, "option": form.option, "channel": target.channel_id}
        if form.case_id:
            meta["case"] = form.case_id
        if target.thread_ts and not target.in_channel:
            meta["thread_ts"] = target.thread_ts
        view = form_view(
            title=form.title,
            label=form.label,
            placeholder=form.placeholder,
            metadata=meta,
            multiline=form.multiline,
            max_length=form.max_length,
            value=form.value,
        )
        await target.client.views_open(trigger_id=target.trigger_id, view=view)

    async def _in_channel(self, reply: Reply, target: Target) -> str | None:
        """The answer in the channel, and its ts; through the command itself when the bot
        is not there (then no thread of its own)."""
        try:
            posted = await self._post(target, reply_blocks(reply), fallback_text(reply), None)
        except SlackApiError as error:
            # Not a member of the channel, or a DM: answer through the command itself.
            if not target.response_url:
                raise
            log.info("answering through response_url: %s", error.response.get("error"))
            await self._respond(target.response_url, reply_blocks(reply), fallback_text(reply))
            return None
        ts = posted.get("ts")
        return str(ts) if ts else None

    async def _post(
        self, target: Target, blocks: list[Block], text: str, thread_ts: str | None
    ) -> Mapping[str, Any]:
        response = await target.client.chat_postMessage(
            channel=target.channel_id,
            thread_ts=thread_ts,
            blocks=blocks,
            text=text,
            parse="none",
            link_names=False,
            unfurl_links=False,
            unfurl_media=False,
        )
        return response.data if isinstance(response.data, dict) else {}

    async def _ephemeral(self, blocks: list[Block], text: str, target: Target) -> None:
        if target.response_url:
            await self._respond(target.response_url, blocks, text, ephemeral=True)
            return
        await target.client.chat_postEphemeral(
            channel=target.channel_id,
            user=target.user_id,
            thread_ts=target.thread_ts,
            blocks=blocks,
            text=text,
            parse="none",
            link_names=False,
        )

    async def _respond(
        self, url: str, blocks: list[Block], text: str, *, ephemeral: bool = False
    ) -> None:
        payload = {
            "response_type": "ephemeral" if ephemeral else "in_channel",
            "replace_original": False,
            "blocks": blocks,
            "text": text,
            **QUIET,
        }
        async with self._session.post(url, json=payload) as response:
            if response.status >= 300:
                log.warning("response_url answered HTTP %s", response.status)
