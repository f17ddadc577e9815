"""`/jss check`, `/jss ask`, `/jss estimate`: read a situation, answer it, log the case.

Parsing and the engine are pure CPU work of a few milliseconds; `work_out` does
both and runs on the services' compute pool, so that the event loop stays free
to acknowledge other members' commands.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date

from advice.answer import Answer
from advice.engine import advise
from advice.situation import Badge, Situation, SituationError
from commands.models import Reply, ReplyKind
from commands.parsing import ParseError, ParseResult, parse_notation, parse_situation
from commands.recent import Asked, RecentAnswer
from commands.render import answer_reply
from commands.services import CommandContext
from storage.anonymize import CaseBody, case_body, draft_from_body, new_case_id
from storage.interface import CaseOrigin

log = logging.getLogger(__name__)


def unreadable_reply(message: str) -> Reply:
    """What the member sees when their situation could not be read."""
    return Reply(
        title="I couldn't read that situation",
        summary=message,
        footer="`/jss help check` shows an example; `/jss help notation` the exact notation.",
        kind=ReplyKind.INFO,
        ephemeral=True,
    )


@dataclass(frozen=True)
class WorkedOut:
    """The pure part of an answer: the reply and the case's content; or why there is none.

    The engine's answer itself stays in the worker: nothing on the bot's side reads it.
    """

    reply: Reply | None = None
    case: CaseBody | None = None
    case_id: str | None = None
    problem: str = ""


def read_asked(asked: Asked) -> tuple[ParseResult, Situation] | str:
    """What was read of a question, with its typed badge and date applied (pure); a
    message for the member when nothing can be read."""
    try:
        reader = parse_notation if asked.notation else parse_situation
        parsed = reader(asked.text, as_of=asked.today)
    except ParseError as error:
        return str(error)
    situation = parsed.situation
    if asked.badge:
        freelancer = situation.freelancer.model_copy(update={"badge": Badge(asked.badge)})
        situation = situation.model_copy(update={"freelancer": freelancer})
    if asked.as_of:
        situation = situation.model_copy(update={"as_of": date.fromisoformat(asked.as_of)})
    return parsed, situation


def _advise(asked: Asked) -> tuple[ParseResult, Answer] | str:
    """Read the situation and run the engine; a message for the member when it cannot be."""
    read = read_asked(asked)
    if isinstance(read, str):
        return read
    parsed, situation = read
    try:
        answer = advise(situation, as_of=situation.as_of or asked.today, missing=parsed.missing)
    except SituationError as error:
        return "That situation can't be right: " + "; ".join(error.problems)
    return parsed, answer


def work_out(asked: Asked, *, case_tags: tuple[str, ...] | None = None) -> WorkedOut:
    """Read a situation, run the engine, and, with `case_tags`, prepare the case to log.

    Pure (ids are hashed later, by the caller), so it can run in a worker process.
    """
    advised = _advise(asked)
    if isinstance(advised, str):
        return WorkedOut(problem=advised)
    answer = advised[1]
    case = case_body(answer, case_tags) if case_tags is not None else None
    case_id = new_case_id() if case is not None else None
    return WorkedOut(answer_reply(answer, case_id=case_id), case, case_id)


def answer_again(asked: Asked) -> tuple[ParseResult, Answer] | None:
    """What was read and the engine's answer, for a situation asked before (the buttons);
    pure."""
    advised = _advise(asked)
    return None if isinstance(advised, str) else advised


async def check_command(ctx: CommandContext) -> Reply:
    """Answer a situation told in the member's own words (or in the notation)."""
    return await answer_text(ctx, Asked(ctx.option("situation"), ctx.services.today()))


async def check_message_command(ctx: CommandContext) -> Reply:
    """Answer the situation a message describes (a member picked "Check with JSS helper"
    on it), to that member alone: the message's author asked nothing.

    The member is not in a conversation with the bot where the message is: their later
    words there must not continue, in public, a case answered in private.
    """
    private = CommandContext(replace(ctx.invocation, conversation=""), ctx.options, ctx.services)
    reply = await answer_text(private, Asked(ctx.option("message"), ctx.services.today()))
    return replace(reply, ephemeral=True)


async def estimate_command(ctx: CommandContext) -> Reply:
    """Answer exact numbers in the compact notation, with typed badge and date options."""
    asked = Asked(
        ctx.option("contracts"),
        ctx.services.today(),
        notation=True,
        badge=ctx.option("badge"),
        as_of=ctx.option("as_of"),
    )
    return await answer_text(ctx, asked)


async def answer_text(ctx: CommandContext, asked: Asked, *, record: bool = True) -> Reply:
    """Answer a situation, log the case, and build the reply.

    What the member typed stays in memory (for the buttons) and never reaches
    the case log.
    """
    services = ctx.services
    logs = record and services.recorder is not None and services.hasher is not None
    tags = (ctx.invocation.command,) if logs else None
    worked = await services.compute.run(work_out, asked, case_tags=tags)
    if worked.reply is None:
        return unreadable_reply(worked.problem)
    if worked.case is not None and worked.case_id is not None:
        await record_case(ctx, worked.case, worked.case_id)
        user_hash = services.user_hash(ctx.invocation)
        if user_hash:
            community = services.community_hash(ctx.invocation)
            services.recent.put(worked.case_id, RecentAnswer(user_hash, asked, community))
        await services.bind_conversation(ctx.invocation, worked.case_id)
    return worked.reply


async def record_case(ctx: CommandContext, case: CaseBody, case_id: str) -> None:
    """Hand the anonymized case to the recorder; the reply never waits on a failed write."""
    services = ctx.services
    if services.recorder is None or services.hasher is None:
        return
    invocation = ctx.invocation
    origin = CaseOrigin(
        platform=invocation.platform,
        channel_kind=invocation.channel_kind.value,
        user_id=invocation.user_id,
        channel_id=invocation.channel_id,
        community_id=invocation.community_id,
        event_id=invocation.event_id,
        created_at=invocation.received_at or services.clock.now(),
    )
    await services.recorder.submit(draft_from_body(case, origin, services.hasher, case_id=case_id))
