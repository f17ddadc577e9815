"""The bolt app: `/jss`, mentions, thread replies, buttons, menus and forms in, Block Kit
answers out.

Every listener acknowledges at once (Slack drops what is not acknowledged in
3 seconds) and hands the work to a task; the answer follows through the Web
API or the command's `response_url`. Each event is answered once: retries and
copies delivered to other workers are dropped through `Services.first_time`.

A posted answer's thread is bound to its case for the member it answered: their
replies there (and their mentions of the bot there) continue the case; anyone
else's replies are not read.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import re
from collections.abc import Awaitable, Callable, Collection, Coroutine, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import aiohttp
from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.base import Grace
from bot.adapters.slack.blocks import (
    ACTION_PREFIX,
    CHOICE_PREFIX,
    FORM_ACTION,
    FORM_BLOCK,
    FORM_CALLBACK,
    read_choice,
)
from bot.adapters.slack.escape import slack_to_plain
from bot.adapters.slack.moderation import Moderators
from bot.adapters.slack.oauth import stored_authorize
from bot.adapters.slack.outbound import Outbox, Target
from commands.command_line import split_command
from commands.dispatcher import Dispatcher
from commands.models import ButtonAction, ChannelKind, Form, Invocation, Reply, ReplyKind
from commands.render import ANSWER_TITLE

log = logging.getLogger(__name__)

PLATFORM = "slack"
SHUTTING_DOWN = Reply(
    title="Sorry, I'm restarting",
    summary="I couldn't answer that before restarting. Please ask again in a minute.",
    kind=ReplyKind.ERROR,
    ephemeral=True,
)
NOT_SERVED = "This app is not set up to serve this workspace."
# Events that delete a workspace's installation (many-workspace mode).
LEAVING_EVENTS = frozenset({"app_uninstalled", "tokens_revoked"})
SLASH_COMMAND = "/jss"
ASK_FORM = Form(
    title="Ask the JSS helper",
    label="Your situation: contracts, amounts, feedback, what happened",
    placeholder="$0 contract, the client threatens a bad review; three other contracts went well…",
    command="ask",
    option="situation",
    multiline=True,
    max_length=3000,
)


class WithholdRequestBodies(logging.Filter):
    """bolt logs a refused request's whole body (a member's words, user and channel ids,
    Slack's verification token); keep the fact, drop the body."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Invalid request signature detected"):
            record.msg, record.args = "Invalid request signature detected (body withheld)", None
        return True


BOLT_LOG = logging.getLogger("slack_bolt")
BOLT_LOG.addFilter(WithholdRequestBodies())


@dataclass
class AfterResponse:
    """Work a request's listeners started, held until its HTTP response is on the wire.

    The answer's work shares the event loop with the ack: started at once, an
    engine run could hold the 200 back. The HTTP server opens one per request
    and calls `release()` once the response is written; the Socket Mode handler
    does the same around each envelope and its ack.
    """

    pending: list[Coroutine[Any, Any, None]] = field(default_factory=list)
    released: bool = False

    def release(self, bot: SlackBot) -> None:
        self.released = True
        for work in self.pending:
            bot.start_task(work)
        self.pending.clear()


# Set by the HTTP server and the Socket Mode handler around each request;
# tasks bolt starts inherit it.
CURRENT_REQUEST: contextvars.ContextVar[AfterResponse | None] = contextvars.ContextVar(
    "slack_request", default=None
)


class SlackBot:
    """Wires one bolt `AsyncApp` to the dispatcher.

    `client` is the app's Web API client: with the one workspace's token in
    single-token mode, without a token when `oauth` lets many workspaces install the
    app. Either way bolt hands each listener a copy holding the token of the request's
    workspace (Slack's 429 retries included), and the answer goes out through it."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        client: AsyncWebClient,
        session: aiohttp.ClientSession,
        signing_secret: str,
        moderators: Moderators,
        allowed_team_ids: Collection[str] = (),
        oauth: AsyncOAuthSettings | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.outbox = Outbox(session, dispatcher.services)
        self._moderators = moderators
        self._allowed_teams = frozenset(allowed_team_ids)
        self._tasks: set[asyncio.Task[None]] = set()
        # Where each answer under way goes, once known: a shutdown apologises there.
        self._targets: dict[asyncio.Task[Any], Target] = {}
        self.app = AsyncApp(
            client=client,
            signing_secret=signing_secret,
            logger=BOLT_LOG,
            # The ack is the listener's return: every listener acks and only queues
            # its work, which starts once the response is written (AfterResponse).
            # bolt's other mode polls for the ack every 10 ms, which puts up to 10 ms
            # on every ack for nothing.
            process_before_response=True,
            oauth_settings=oauth,
            # bolt checks for an AsyncAuthorize here, though its annotation names functions.
            authorize=None if oauth is None else stored_authorize(oauth, BOLT_LOG),  # type: ignore[arg-type]
        )
        if oauth is not None:
            # app_uninstalled and tokens_revoked delete the workspace's installation.
            self.app.enable_token_revocation_listeners()
        self._register()

    # ---- listeners -------------------------------------------------------------

    def _register(self) -> None:
        app = self.app

        if self._allowed_teams:

            @app.middleware
            async def only_listed_workspaces(
                context: Any, body: dict[str, Any], next: Callable[[], Awaitable[None]]
            ) -> BoltResponse | None:
                # SLACK_ALLOWED_TEAM_IDS: a workspace not listed gets one line, nothing else;
                # but when it leaves, the token it installed the app with is still deleted.
                leaving = (body.get("event") or {}).get("type") in LEAVING_EVENTS
                if context.team_id not in self._allowed_teams and not leaving:
                    log.warning("ignored a request from a workspace not in SLACK_ALLOWED_TEAM_IDS")
                    return BoltResponse(status=200, body=NOT_SERVED)
                await next()
                return None

        @app.command(SLASH_COMMAND)
        async def on_command(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
            await ack()
            self._spawn(self._slash(body, client))

        @app.event("app_mention")
        async def on_mention(body: dict[str, Any], context: Any, client: AsyncWebClient) -> None:
            # Events are acknowledged by bolt itself before this runs to completion.
            self._spawn(self._mention(body, str(context.get("bot_user_id") or ""), client))

        # Before on_button, whose prefix also matches: bolt runs the first listener that does.
        @app.action(re.compile("^" + re.escape(CHOICE_PREFIX)))
        async def on_choice(
            ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
        ) -> None:
            await ack()
            self._spawn(self._choice(body, action, client))

        @app.event("message")
        async def on_message(body: dict[str, Any], context: Any, client: AsyncWebClient) -> None:
            bot_user_id = str(context.get("bot_user_id") or "")
            self._spawn(self._thread_reply(body, bot_user_id, client))

        @app.action(re.compile("^" + re.escape(ACTION_PREFIX)))
        async def on_button(
            ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
        ) -> None:
            await ack()
            self._spawn(self._button(body, action, client))

        @app.view(FORM_CALLBACK)
        async def on_form(
            ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
        ) -> None:
            await ack()  # closes the modal; the answer arrives as a message
            self._spawn(self._form(body, view, client))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        request = CURRENT_REQUEST.get()
        if request is not None and not request.released:
            request.pending.append(work)
        else:
            self.start_task(work)

    def start_task(self, work: Coroutine[Any, Any, None]) -> None:
        """Run one answer in the background, tracked for shutdown."""
        task = asyncio.create_task(self._guarded(work))
        self._tasks.add(task)  # a reference, so the task is not collected mid-answer
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._targets.pop(task, None)

    async def _guarded(self, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except Exception:
            log.exception("a Slack answer could not be delivered")

    async def drain(self, grace: Grace) -> None:
        """Shutdown: let the answers under way finish for a while, then stop them and send
        each member still waiting a short apology instead."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=grace.answers)
        late = list(self._tasks)
        if not late:
            return
        targets = [self._targets[task] for task in late if task in self._targets]
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        results = await asyncio.gather(
            *(self._apologise(target, grace.apology) for target in targets),
            return_exceptions=True,
        )
        failed = sum(1 for result in results if isinstance(result, BaseException))
        log.warning(
            "%d answers were not ready at shutdown; %d apologies sent",
            len(late),
            len(targets) - failed,
        )

    async def _apologise(self, target: Target, within: float) -> None:
        async with asyncio.timeout(within):
            await self.outbox.deliver(SHUTTING_DOWN, replace(target, trigger_id=None))

    # ---- inbound -----------------------------------------------------------------

    async def _template(self, target: Target, kind: ChannelKind, event_id: str) -> Invocation:
        task = asyncio.current_task()
        if task in self._tasks:
            self._targets[task] = target
        return Invocation(
            platform=PLATFORM,
            command="",
            options={},
            user_id=target.user_id,
            channel_id=target.channel_id,
            community_id=target.team_id,
            channel_kind=kind,
            event_id=event_id,
            is_moderator=await self._moderators.is_moderator(target.user_id),
        )

    async def _deliver(self, reply: Reply, target: Target, template: Invocation) -> None:
        """Send the reply; once an answer is posted, bind its thread to its case for the
        member it answers, so that what they reply there continues it."""
        thread_ts = await self.outbox.deliver(reply, target)
        if thread_ts and reply.case_id and reply.title == ANSWER_TITLE:
            where = replace(template, conversation=_conversation(target.channel_id, thread_ts))
            await self.dispatcher.services.bind_conversation(where, reply.case_id)

    async def _bound(self, target: Target) -> str | None:
        """The case the member's replies in the target's thread continue, if any."""
        if not target.thread_ts:
            return None
        where = Invocation(
            platform=PLATFORM,
            command="",
            options={},
            user_id=target.user_id,
            channel_id=target.channel_id,
            community_id=target.team_id,
            conversation=_conversation(target.channel_id, target.thread_ts),
        )
        return await self.dispatcher.services.bound_case(where)

    async def _continue(self, target: Target, case_id: str, text: str, event_id: str) -> None:
        """Words added in the thread of an answer: the case continued, answered there."""
        template = await self._template(target, ChannelKind.THREAD, event_id)
        invocation = replace(
            template,
            command="continue",
            options={"text": text, "case": case_id},
            conversation=_conversation(target.channel_id, target.thread_ts or ""),
        )
        await self._deliver(await self.dispatcher.dispatch(invocation), target, template)

    async def _slash(self, body: Mapping[str, Any], client: AsyncWebClient) -> None:
        # Slash commands carry no event id; the trigger id is unique per invocation.
        event_id = "command:" + str(body.get("trigger_id", ""))
        if not await self.dispatcher.services.first_time(PLATFORM, event_id):
            return
        target = Target(
            channel_id=str(body.get("channel_id", "")),
            user_id=str(body.get("user_id", "")),
            client=client,
            team_id=body.get("team_id"),
            response_url=body.get("response_url"),
            trigger_id=body.get("trigger_id"),
            in_channel=True,
        )
        text = slack_to_plain(str(body.get("text") or "")).strip()
        spec, rest = split_command(text)
        template = await self._template(target, ChannelKind.SLASH, event_id)
        if spec is not None and spec.opens_form and not rest:
            await self.outbox.deliver(Reply(title=ASK_FORM.title, form=ASK_FORM), target)
            return
        if spec is None:
            reply = await self._help(template, unknown=text.split(maxsplit=1)[0] if text else "")
        else:
            reply = await self.dispatcher.dispatch_line(text, template)
        await self._deliver(reply, target, template)

    async def _help(self, template: Invocation, *, unknown: str) -> Reply:
        """Unknown or missing subcommands get the command list."""
        reply = await self.dispatcher.dispatch(replace(template, command="help", options={}))
        if not unknown:
            return reply
        note = f"I don't know the command `{unknown[:30]}`. Here is what I can do."
        return replace(reply, summary=f"{note}\n\n{reply.summary}".strip())

    async def _mention(
        self, body: Mapping[str, Any], bot_user_id: str, client: AsyncWebClient
    ) -> None:
        event: Mapping[str, Any] = body.get("event") or {}
        event_id = "event:" + str(body.get("event_id") or event.get("client_msg_id") or "")
        if not await self.dispatcher.services.first_time(PLATFORM, event_id):
            return
        target = Target(
            channel_id=str(event.get("channel", "")),
            user_id=str(event.get("user", "")),
            client=client,
            team_id=body.get("team_id"),
            thread_ts=str(event.get("thread_ts") or event.get("ts") or ""),
        )
        text = _without_mention(str(event.get("text") or ""), bot_user_id)
        spec, rest = split_command(text)
        if text and spec is None and event.get("thread_ts"):
            case_id = await self._bound(target)
            if case_id is not None:  # a mention in the thread of the member's answer
                await self._continue(target, case_id, text, event_id)
                return
        if not text:
            text = "help"
        elif spec is None:
            text = "check " + text  # a mention in plain words is a situation to check
        elif spec.opens_form:
            text = "check " + rest  # no modal from a message: read the story as written
        template = await self._template(target, ChannelKind.THREAD, event_id)
        await self._deliver(await self.dispatcher.dispatch_line(text, template), target, template)

    async def _thread_reply(
        self, body: Mapping[str, Any], bot_user_id: str, client: AsyncWebClient
    ) -> None:
        """A message in a thread: read only when it is the answered member's reply in the
        thread of their answer (a mention of the bot is the mention listener's)."""
        event: Mapping[str, Any] = body.get("event") or {}
        thread_ts = str(event.get("thread_ts") or "")
        raw = str(event.get("text") or "")
        if (
            event.get("subtype") not in (None, "thread_broadcast")
            or event.get("bot_id")
            or not thread_ts
            or thread_ts == event.get("ts")
            or (bot_user_id and f"<@{bot_user_id}" in raw)
        ):
            return
        target = Target(
            channel_id=str(event.get("channel", "")),
            user_id=str(event.get("user", "")),
            client=client,
            team_id=body.get("team_id"),
            thread_ts=thread_ts,
        )
        case_id = await self._bound(target)
        if case_id is None:
            log.debug("a thread reply continues no case of its writer; not read")
            return
        text = _without_mention(raw, bot_user_id)
        event_id = "event:" + str(body.get("event_id") or event.get("client_msg_id") or "")
        if text and await self.dispatcher.services.first_time(PLATFORM, event_id):
            await self._continue(target, case_id, text, event_id)

    async def _choice(
        self, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        """A choice picked for one of an answer's questions (a button or a menu option)."""
        event_id = "action:" + str(body.get("trigger_id") or action.get("action_ts") or "")
        if not await self.dispatcher.services.first_time(PLATFORM, event_id):
            return
        selected: Mapping[str, Any] = action.get("selected_option") or {}
        picked = read_choice(str(selected.get("value") or action.get("value") or ""))
        if picked is None:
            log.warning("a choice this version does not know was picked")
            return
        case_id, key, value = picked
        target = self._on_message_target(body, client)
        template = await self._template(target, ChannelKind.THREAD, event_id)
        invocation = replace(
            template,
            command="answer",
            options={"case": case_id, "key": key, "value": value},
            conversation=_conversation(target.channel_id, target.thread_ts or ""),
        )
        await self._deliver(await self.dispatcher.dispatch(invocation), target, template)

    def _on_message_target(self, body: Mapping[str, Any], client: AsyncWebClient) -> Target:
        """Where to answer a press on a message: that message's thread (its own when it
        starts one), the presser privately through `response_url`."""
        message: Mapping[str, Any] = body.get("message") or {}
        return Target(
            channel_id=str((body.get("channel") or {}).get("id", "")),
            user_id=str((body.get("user") or {}).get("id", "")),
            client=client,
            team_id=(body.get("team") or {}).get("id"),
            thread_ts=message.get("thread_ts") or message.get("ts"),
            response_url=body.get("response_url"),
            trigger_id=body.get("trigger_id"),
        )

    async def _button(
        self, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        event_id = "action:" + str(body.get("trigger_id") or action.get("action_ts") or "")
        if not await self.dispatcher.services.first_time(PLATFORM, event_id):
            return
        try:
            command = ButtonAction(str(action.get("action_id", ""))[len(ACTION_PREFIX) :]).value
        except ValueError:
            log.warning("a button this version does not know was pressed")
            return
        message: Mapping[str, Any] = body.get("message") or {}
        target = self._on_message_target(body, client)
        kind = ChannelKind.THREAD if message.get("thread_ts") else ChannelKind.SLASH
        template = await self._template(target, kind, event_id)
        invocation = replace(template, command=command, options={"case": action.get("value", "")})
        await self._deliver(await self.dispatcher.dispatch(invocation), target, template)

    async def _form(
        self, body: Mapping[str, Any], view: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        event_id = "view:" + str(body.get("trigger_id") or view.get("id") or "")
        if not await self.dispatcher.services.first_time(PLATFORM, event_id):
            return
        try:
            meta: dict[str, str] = json.loads(view.get("private_metadata") or "{}")
            value = view["state"]["values"][FORM_BLOCK][FORM_ACTION]["value"] or ""
        except (ValueError, KeyError, TypeError):
            log.warning("a form came back in a shape this version does not know")
            return
        target = Target(
            channel_id=meta.get("channel", ""),
            user_id=str((body.get("user") or {}).get("id", "")),
            client=client,
            team_id=(body.get("team") or {}).get("id"),
            thread_ts=meta.get("thread_ts") or None,
            in_channel=not meta.get("thread_ts"),
        )
        options = {meta.get("option", ""): value}
        if meta.get("case"):
            options["case"] = meta["case"]
        kind = ChannelKind.THREAD if target.thread_ts else ChannelKind.SLASH
        template = await self._template(target, kind, event_id)
        invocation = replace(template, command=meta.get("command", ""), options=options)
        if target.thread_ts:  # a form opened from an answer: its thread goes on
            conversation = _conversation(target.channel_id, target.thread_ts)
            invocation = replace(invocation, conversation=conversation)
        await self._deliver(await self.dispatcher.dispatch(invocation), target, template)


def _conversation(channel_id: str, thread_ts: str) -> str:
    """Where a conversation goes on in Slack: a thread of a channel."""
    return f"{channel_id}:{thread_ts}"


def _without_mention(raw: str, bot_user_id: str) -> str:
    """A message's plain text without the mention of the bot."""
    if bot_user_id:
        raw = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", raw)
    return slack_to_plain(raw).strip()
