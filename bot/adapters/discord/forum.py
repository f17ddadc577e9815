"""Forum posts and mentions: answer in the thread, never the same post twice.

A new post in a forum channel listed in `DISCORD_FORUM_CHANNEL_IDS` arrives as
THREAD_CREATE and MESSAGE_CREATE (its starter message, whose id is the
thread's), in either order, and again when Discord replays events after a
RESUME. Whichever arrives first claims the post through the shared
`Services.first_time`, which the case log remembers across restarts.

Once an answer is posted, its thread is bound to the case for the member it
answered. In a listed forum, that member's later messages in the thread
continue the case (no mention needed); in any thread, a member's mention of the
bot continues theirs if they have one there, else it is a new question. Others
are not read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from dataclasses import replace
from typing import Any

import discord

from bot.adapters.discord.charts import attach_chart
from bot.adapters.discord.interactions import NO_MENTIONS
from bot.adapters.discord.render import DiscordMessage, one_line, render_reply
from bot.adapters.inflight import InFlight
from commands.dispatcher import Dispatcher
from commands.models import ChannelKind, Invocation, ReplyKind

log = logging.getLogger(__name__)

PLATFORM = "discord"
POST_HINT = (
    "If this is about your Job Success Score, tell me your contracts (amounts, feedback, "
    "what happened) or use `/jss check`."
)


def _key(kind: str, message_id: int) -> str:
    return f"{kind}:{message_id}"


class ThreadResponder:
    """Answers forum posts and mentions of the bot in threads."""

    def __init__(
        self,
        client: discord.Client,
        dispatcher: Dispatcher,
        forum_channel_ids: Collection[int],
        allowed_guild_ids: Collection[int] = (),
    ) -> None:
        self._client = client
        self.dispatcher = dispatcher
        self._forums = frozenset(forum_channel_ids)
        self._allowed_guilds = frozenset(allowed_guild_ids)
        self.in_flight = InFlight()
        self.closing = False

    async def drain(self, grace: float) -> None:
        """Shutdown: answer no new post; let the answers under way finish for `grace` s."""
        self.closing = True
        if not await self.in_flight.idle(grace):
            log.warning("%d thread answers were not sent at shutdown", self.in_flight.count)

    async def on_thread_create(self, thread: discord.Thread) -> None:
        """A new thread: if it is a post in a watched forum, answer its starter message."""
        if thread.parent_id not in self._forums or not self._serves(thread.guild.id):
            return
        starter = thread.starter_message
        if starter is None:
            try:
                starter = await thread.fetch_message(thread.id)
            except discord.NotFound:
                return  # deleted already, or not a forum post after all
        await self._answer_post(starter, thread)

    async def on_message(self, message: discord.Message) -> None:
        """A starter message of a forum post, a member's follow-up in the thread of their
        answer, or a message that mentions the bot in a thread."""
        if message.author.bot or message.guild is None or not self._serves(message.guild.id):
            return
        channel = message.channel
        if message.id == channel.id:  # a thread's starter message: a forum post
            thread = await self._thread(channel.id)
            if thread is not None and thread.parent_id in self._forums:
                await self._answer_post(message, thread)
                return
        me = self._client.user
        mentioned = me is not None and me.id in message.raw_mentions
        in_forum = isinstance(channel, discord.Thread) and channel.parent_id in self._forums
        if not (mentioned or in_forum):
            return  # nothing to read: the case log is not asked about every message
        thread = await self._thread(channel.id)
        if thread is None:
            return
        text = _without_mention(message.content, me.id if me else None)
        if await self._continue(message, thread, text):
            return
        if mentioned:
            await self._answer_mention(message, thread, text)
        else:
            log.debug("a message in a forum thread continues no case of its writer; not read")

    async def _continue(self, message: discord.Message, thread: discord.Thread, text: str) -> bool:
        """Continue the member's case answered in this thread; False when there is none."""
        invocation = self._invocation(message, thread, ChannelKind.THREAD)
        follow_up = replace(invocation, conversation=str(thread.id))
        case_id = await self.dispatcher.services.bound_case(follow_up)
        if case_id is None:
            return False
        if not message.content.strip():
            return True  # nothing to read (is the message content intent on?)
        if not await self.dispatcher.services.first_time(PLATFORM, _key("message", message.id)):
            log.debug("a follow-up was delivered again; not answering it twice")
            return True
        options = {"text": text, "case": case_id}
        with self.in_flight.working():
            reply = await self.dispatcher.dispatch(
                replace(follow_up, command="continue", options=options)
            )
            if reply.kind is ReplyKind.ANSWER:
                outgoing = render_reply(reply)
            else:  # words that add nothing readable, or a refusal: one line says so
                outgoing = [one_line(reply.summary)]
            await self._send(thread, outgoing, message)
        return True

    def _serves(self, guild_id: int) -> bool:
        """Whether to answer in that server: not while shutting down, not outside the
        allow-list (DISCORD_ALLOWED_GUILD_IDS) when one is set."""
        if self.closing:
            return False
        return not self._allowed_guilds or guild_id in self._allowed_guilds

    async def _thread(self, channel_id: int) -> discord.Thread | None:
        """The thread by id, from the cache or, when its THREAD_CREATE has not come yet, REST."""
        for guild in self._client.guilds:
            cached = guild.get_thread(channel_id)
            if cached is not None:
                return cached
        cached_channel = self._client.get_channel(channel_id)
        if cached_channel is not None:
            return cached_channel if isinstance(cached_channel, discord.Thread) else None
        try:
            fetched = await self._client.fetch_channel(channel_id)
        except (discord.NotFound, discord.Forbidden):
            return None
        return fetched if isinstance(fetched, discord.Thread) else None

    async def _answer_post(self, message: discord.Message, thread: discord.Thread) -> None:
        if not await self.dispatcher.services.first_time(PLATFORM, _key("post", message.id)):
            log.debug("a forum post was delivered again; not answering it twice")
            return
        # The post's title often carries the key facts ("$0 contract, bad review threat").
        text = f"{thread.name}\n{message.content}".strip()
        await self._answer(message, thread, text, ChannelKind.FORUM, reference=False)

    async def _answer_mention(
        self, message: discord.Message, thread: discord.Thread, text: str
    ) -> None:
        if not await self.dispatcher.services.first_time(PLATFORM, _key("message", message.id)):
            log.debug("a mention was delivered again; not answering it twice")
            return
        await self._answer(message, thread, text, ChannelKind.THREAD, reference=True)

    async def _answer(
        self,
        message: discord.Message,
        thread: discord.Thread,
        text: str,
        kind: ChannelKind,
        *,
        reference: bool,
    ) -> None:
        if not message.content.strip():
            # Without the message content intent every text is empty: say nothing
            # rather than a hint that would be wrong for every post.
            log.debug("a message has no text to read; is the message content intent on?")
            return
        invocation = replace(
            self._invocation(message, thread, kind), command="check", options={"situation": text}
        )
        with self.in_flight.working():
            await self._reply(message, thread, invocation, reference=reference)

    def _invocation(
        self, message: discord.Message, thread: discord.Thread, kind: ChannelKind
    ) -> Invocation:
        """Who wrote where; the command is filled in by the caller."""
        return Invocation(
            platform=PLATFORM,
            command="",
            options={},
            user_id=str(message.author.id),
            channel_id=str(thread.id),
            community_id=str(message.guild.id) if message.guild else None,
            channel_kind=kind,
            event_id=_key("message", message.id),
        )

    async def _reply(
        self,
        message: discord.Message,
        thread: discord.Thread,
        invocation: Invocation,
        *,
        reference: bool,
    ) -> None:
        reply = await self.dispatcher.dispatch(invocation)
        if reply.kind is ReplyKind.ANSWER:
            outgoing = render_reply(reply)
        elif reply.kind is ReplyKind.ERROR:
            outgoing = [one_line(reply.summary)]
        else:
            outgoing = [one_line(POST_HINT)]  # not a situation: at most one line
        sent = await self._send(thread, outgoing, message if reference else None)
        if reply.kind is ReplyKind.ANSWER and reply.case_id is not None:
            # Bound once the answer is there: what the member says next in the thread
            # continues this case.
            bound = replace(invocation, conversation=str(thread.id))
            await self.dispatcher.services.bind_conversation(bound, reply.case_id)
        if reply.kind is ReplyKind.ANSWER:
            await attach_chart(sent[0], outgoing[0], reply, self.dispatcher.services)

    async def _send(
        self,
        thread: discord.Thread,
        outgoing: list[DiscordMessage],
        reply_to: discord.Message | None,
    ) -> list[discord.Message]:
        """Post the parts in the thread, the first as a reply to `reply_to` when given."""
        return [
            await thread.send(**_send_kwargs(part, reply_to if index == 0 else None))
            for index, part in enumerate(outgoing)
        ]


def _without_mention(content: str, bot_id: int | None) -> str:
    """The message's text without the mention of the bot."""
    if bot_id is None:
        return content.strip()
    return re.sub(rf"<@!?{bot_id}>", " ", content).strip()


def _send_kwargs(part: DiscordMessage, reply_to: discord.Message | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"embeds": part.embeds, "allowed_mentions": NO_MENTIONS}
    if part.view is not None:
        kwargs["view"] = part.view
    if reply_to is not None:
        kwargs["reference"] = reply_to
        kwargs["mention_author"] = False
    return kwargs
