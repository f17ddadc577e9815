"""Slash commands, button presses and form submits: acknowledge first, then answer.

Discord drops an interaction not acknowledged within 3 seconds. A command is
deferred before the dispatcher runs, so parsing, the engine and the case log
never sit between the event and its acknowledgement; the answer follows
through the interaction's webhook. A button press may have to open a form,
which Discord only allows as the first response, so a press gets a short head
start to answer directly before it too is deferred.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Mapping
from typing import Any

import discord

from bot.adapters.base import Grace
from bot.adapters.discord.charts import attach_chart
from bot.adapters.discord.moderation import interaction_is_moderator
from bot.adapters.discord.render import DiscordMessage, render_reply
from bot.adapters.inflight import InFlight
from commands.dispatcher import Dispatcher
from commands.models import ButtonAction, ChannelKind, Form, Invocation, Reply, ReplyKind
from commands.specs import CommandSpec, find_command

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
FORM_PREFIX = "jss:form:"
# How long a button press may take to answer directly (a form must be the first
# response); Discord's limit is 3 s and the acknowledgement must still travel.
DIRECT_ANSWER_BUDGET = 2.0
# How long the claim of an interaction may wait on the case log: the acknowledgement
# must still reach Discord within its 3 s. Past it, the process answers on its own word.
CLAIM_WAIT = 1.0
# Answers worked on at once. Under a burst the rest wait their turn, so that the
# event loop stays free to acknowledge new interactions within Discord's 3 s.
CONCURRENT_ANSWERS = 4
# Discord's limits on a modal.
MODAL_TITLE_LIMIT = 45
INPUT_LABEL_LIMIT = 45
PLACEHOLDER_LIMIT = 100
INPUT_LENGTH_LIMIT = 4000
SHUTTING_DOWN = Reply(
    title="Sorry, I'm restarting",
    summary="I couldn't answer that before restarting. Please ask again in a minute.",
    kind=ReplyKind.ERROR,
    ephemeral=True,
)
THREAD_TYPES = frozenset(
    {
        discord.ChannelType.public_thread,
        discord.ChannelType.private_thread,
        discord.ChannelType.news_thread,
    }
)
NOT_SERVED = Reply(
    title="Not available here",
    summary="This bot is not set up to serve this server.",
    kind=ReplyKind.REFUSAL,
    ephemeral=True,
)


def spec_form(spec: CommandSpec) -> Form:
    """The form of a command that opens one (`/jss ask`): one field for its first option."""
    option = spec.options[0]
    return Form(
        title="Tell me the whole story",
        label=option.name.replace("_", " ").capitalize(),
        placeholder=option.help,
        command=spec.path,
        option=option.name,
        multiline=True,
        max_length=option.max_length,
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def form_custom_id(form: Form) -> str:
    """`jss:form:<command>:<option>[:<case>]`: everything a submit needs, even after a restart."""
    parts = [form.command, form.option] + ([form.case_id] if form.case_id else [])
    return FORM_PREFIX + ":".join(parts)


def build_modal(form: Form) -> discord.ui.Modal:
    """The modal for a form. Submits are read from the raw interaction, not from this object."""
    modal = discord.ui.Modal(
        title=_short(form.title, MODAL_TITLE_LIMIT), custom_id=form_custom_id(form)
    )
    modal.add_item(
        discord.ui.TextInput(
            label=_short(form.label, INPUT_LABEL_LIMIT),
            custom_id=form.option,
            style=discord.TextStyle.paragraph if form.multiline else discord.TextStyle.short,
            placeholder=_short(form.placeholder, PLACEHOLDER_LIMIT) or None,
            max_length=min(form.max_length, INPUT_LENGTH_LIMIT),
            required=True,
            # Prefilled (the reading to correct); a value Discord would refuse is left out.
            default=form.value if len(form.value) <= INPUT_LENGTH_LIMIT else None,
        )
    )
    # Finished before sending: discord.py then keeps no copy in memory, and the
    # submit is handled from its custom_id whether or not the bot restarted since.
    modal.stop()
    return modal


def _submitted_values(data: Mapping[str, Any]) -> dict[str, str]:
    """custom_id -> value of every text input in a modal submit (rows or labels)."""
    values: dict[str, str] = {}
    stack = list(data.get("components", []))
    while stack:
        component = stack.pop()
        if "value" in component and "custom_id" in component:
            values[str(component["custom_id"])] = str(component["value"])
        stack.extend(component.get("components", []))
        if "component" in component:
            stack.append(component["component"])
    return values


def form_fallback(reply: Reply) -> Reply:
    """A form that could not be opened in time, said as text: what to type instead."""
    form = reply.form
    assert form is not None
    case = f" case:{form.case_id}" if form.case_id else ""
    hint = f"{form.label}: use `/jss {form.command}{case} {form.option}:…`"
    summary = f"{reply.summary}\n\n{hint}" if reply.summary else hint
    return Reply(title=reply.title, summary=summary, kind=reply.kind, ephemeral=True)


class InteractionHandler:
    """Turns interactions into Invocations for the dispatcher and sends the replies."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        moderator_role_ids: Collection[int],
        allowed_guild_ids: Collection[int] = (),
    ) -> None:
        self.dispatcher = dispatcher
        self._moderator_roles = frozenset(moderator_role_ids)
        self._allowed_guilds = frozenset(allowed_guild_ids)
        self._answering = asyncio.Semaphore(CONCURRENT_ANSWERS)
        self.in_flight = InFlight()
        # Deferred interactions whose answer has not been sent: a shutdown apologises to them.
        self._deferred: dict[int, discord.Interaction[Any]] = {}
        self.closing = False

    async def admit(self, interaction: discord.Interaction[Any]) -> bool:
        """Whether to work on an interaction. A repeat delivery gets nothing (it was
        answered once); a server not served, or any interaction during shutdown, gets a
        short word at once."""
        # Claimed in the shared case log, so that an interaction delivered to two
        # processes (sessions replaying it after a failover) is answered by one.
        claimed = await self.dispatcher.services.first_time(
            "discord",
            f"interaction:{interaction.id}",
            within=CLAIM_WAIT,
            outlives_restarts=False,
        )
        if not claimed:
            log.info("an interaction was delivered again; it is answered once")
            return False
        refusal = None
        if self.closing:
            refusal = SHUTTING_DOWN
        elif self._allowed_guilds and interaction.guild_id not in (None, *self._allowed_guilds):
            refusal = NOT_SERVED
        if refusal is None:
            return True
        first, *_ = render_reply(refusal)
        await interaction.response.send_message(
            **_message_kwargs(first), ephemeral=True, allowed_mentions=NO_MENTIONS
        )
        return False

    async def defer(self, interaction: discord.Interaction[Any], *, private: bool) -> None:
        """Acknowledge now, answer later; remembered until answered (or apologised to)."""
        await interaction.response.defer(ephemeral=private, thinking=True)
        self._deferred[interaction.id] = interaction

    async def drain(self, grace: Grace) -> None:
        """Shutdown: take no new work, let the answers under way finish for a while, then
        apologise to every member still waiting."""
        self.closing = True
        if not await self.in_flight.idle(grace.answers):
            log.warning("%d answers were not ready at shutdown", self.in_flight.count)
        waiting = list(self._deferred.values())
        self._deferred.clear()
        results = await asyncio.gather(
            *(self._apologise(interaction, grace.apology) for interaction in waiting),
            return_exceptions=True,
        )
        failed = sum(1 for result in results if isinstance(result, BaseException))
        if waiting:
            log.info("apologised to %d members at shutdown (%d failed)", len(waiting), failed)

    async def _apologise(self, interaction: discord.Interaction[Any], within: float) -> None:
        first, *_ = render_reply(SHUTTING_DOWN)
        async with asyncio.timeout(within):
            await interaction.followup.send(
                **_message_kwargs(first), ephemeral=True, allowed_mentions=NO_MENTIONS
            )

    async def answer(self, invocation: Invocation) -> Reply:
        """Dispatch one invocation, a few at a time (see CONCURRENT_ANSWERS)."""
        async with self._answering:
            return await self.dispatcher.dispatch(invocation)

    def invocation(
        self, interaction: discord.Interaction[Any], command: str, options: Mapping[str, str]
    ) -> Invocation:
        """Who asked what, where; the moderator flag computed from roles and permissions."""
        return Invocation(
            platform="discord",
            command=command,
            options=dict(options),
            user_id=str(interaction.user.id),
            channel_id=str(interaction.channel_id or ""),
            community_id=str(interaction.guild_id) if interaction.guild_id else None,
            channel_kind=ChannelKind.SLASH,
            event_id=f"interaction:{interaction.id}",
            is_moderator=interaction_is_moderator(interaction, self._moderator_roles),
            conversation=_thread_id(interaction),
        )

    async def run_command(
        self, interaction: discord.Interaction[Any], spec: CommandSpec, options: Mapping[str, str]
    ) -> None:
        """A slash command: open its form, or defer, dispatch and follow up."""
        with self.in_flight.working():
            if not await self.admit(interaction):
                return
            if spec.opens_form and not options:
                await interaction.response.send_modal(build_modal(spec_form(spec)))
                return
            await self._defer_and_answer(interaction, spec, options)

    async def _defer_and_answer(
        self, interaction: discord.Interaction[Any], spec: CommandSpec, options: Mapping[str, str]
    ) -> None:
        """Acknowledge (privately when the command's reply is private), then answer."""
        private = spec.private_reply
        await self.defer(interaction, private=private)
        reply = await self.answer(self.invocation(interaction, spec.path, options))
        await self.follow_up(interaction, reply, deferred_private=private)

    async def run_choice(
        self, interaction: discord.Interaction[Any], case_id: str, key: str, value: str
    ) -> None:
        """A choice picked for one of an answer's questions: the answer again, with that
        fact set, for everyone who saw the first (refusals only to the presser)."""
        spec = find_command("answer")
        assert spec is not None  # the command table has it
        with self.in_flight.working():
            if await self.admit(interaction):
                options = {"case": case_id, "key": key, "value": value}
                await self._defer_and_answer(interaction, spec, options)

    async def run_form_submit(self, interaction: discord.Interaction[Any]) -> bool:
        """A submitted form (`jss:form:...`); False when the modal is not one of ours."""
        data: Mapping[str, Any] = interaction.data or {}
        custom = str(data.get("custom_id", ""))
        if not custom.startswith(FORM_PREFIX):
            return False
        command, option, *rest = [*custom.removeprefix(FORM_PREFIX).split(":"), ""]
        spec = find_command(command)
        if spec is None:
            return False
        options = {option: _submitted_values(data).get(option, "")}
        if rest and rest[0]:
            options["case"] = rest[0]
        with self.in_flight.working():
            if not await self.admit(interaction):
                return True
            await self._defer_and_answer(interaction, spec, options)
        return True

    async def run_button(
        self, interaction: discord.Interaction[Any], action: ButtonAction, case_id: str
    ) -> None:
        """A button under an answer: the command named by the action, for that case."""
        started = asyncio.get_running_loop().time()
        with self.in_flight.working():
            if await self.admit(interaction):
                # The claim's wait comes out of the head start: the 3 s are Discord's.
                spent = asyncio.get_running_loop().time() - started
                await self._press(interaction, action, case_id, DIRECT_ANSWER_BUDGET - spent)

    async def _press(
        self,
        interaction: discord.Interaction[Any],
        action: ButtonAction,
        case_id: str,
        budget: float,
    ) -> None:
        invocation = self.invocation(interaction, action.value, {"case": case_id})
        task = asyncio.ensure_future(self.answer(invocation))
        done, _ = await asyncio.wait({task}, timeout=max(budget, 0.0))
        if not done:
            await self.defer(interaction, private=True)
            await self.follow_up(interaction, await task, deferred_private=True)
            return
        reply = task.result()
        if reply.form is not None:
            await interaction.response.send_modal(build_modal(reply.form))
            return
        first, *more = render_reply(reply)
        await interaction.response.send_message(
            **_message_kwargs(first), ephemeral=reply.ephemeral, allowed_mentions=NO_MENTIONS
        )
        for message in more:
            await interaction.followup.send(
                **_message_kwargs(message), ephemeral=reply.ephemeral, allowed_mentions=NO_MENTIONS
            )

    async def follow_up(
        self, interaction: discord.Interaction[Any], reply: Reply, *, deferred_private: bool
    ) -> None:
        """Send the reply after a deferral, as follow-ups through the interaction webhook
        (unless a shutdown has apologised to the member already)."""
        if self._deferred.pop(interaction.id, None) is None:
            return
        if reply.form is not None:
            reply = form_fallback(reply)
        if reply.ephemeral and not deferred_private:
            # The public "thinking" message would show a private reply to everyone:
            # remove it, then answer the member alone.
            await interaction.delete_original_response()
        private = deferred_private or reply.ephemeral
        messages = render_reply(reply)
        sent = []
        for message in messages:
            sent.append(
                await interaction.followup.send(
                    **_message_kwargs(message),
                    ephemeral=private,
                    allowed_mentions=NO_MENTIONS,
                    wait=True,
                )
            )
        await attach_chart(sent[0], messages[0], reply, self.dispatcher.services)


def _thread_id(interaction: discord.Interaction[Any]) -> str:
    """The thread an interaction happened in (where a conversation goes on), or ''."""
    if getattr(interaction.channel, "type", None) in THREAD_TYPES:
        return str(interaction.channel_id)
    return ""


def _message_kwargs(message: DiscordMessage) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"embeds": message.embeds}
    if message.view is not None:
        kwargs["view"] = message.view
    return kwargs
