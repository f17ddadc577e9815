"""`/jss check`, `/jss ask`, `/jss estimate`: read a situation, answer it, log the case.

Parsing and the engine are pure CPU work of a few milliseconds; `work_out` does
both and runs on the services' compute pool, so that the event loop stays free
to acknowledge other members' commands.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from advice.answer import Answer
from advice.engine import advise
from advice.situation import Badge, SituationError
from commands.models import Reply, ReplyKind
from commands.parsing import ParseError, parse_notation, parse_situation
from commands.recent import RecentAnswer
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
    """The pure part of an answer: the engine's answer, the case's content and the reply;
    or why there is none."""

    answer: Answer | None = None
    reply: Reply | None = None
    case: CaseBody | None = None
    case_id: str | None = None
    problem: str = ""


def work_out(
    text: str,
    today: date,
    *,
    notation: bool = False,
    badge: str = "",
    as_of: str = "",
    case_tags: tuple[str, ...] | None = None,
) -> WorkedOut:
    """Read a situation, run the engine, and, with `case_tags`, prepare the case to log.

    Pure (ids are hashed later, by the caller), so it can run in a worker process.
    """
    try:
        parsed = (parse_notation if notation else parse_situation)(text, as_of=today)
    except ParseError as error:
        return WorkedOut(problem=str(error))
    situation = parsed.situation
    if badge:
        freelancer = situation.freelancer.model_copy(update={"badge": Badge(badge)})
        situation = situation.model_copy(update={"freelancer": freelancer})
    if as_of:
        situation = situation.model_copy(update={"as_of": date.fromisoformat(as_of)})
    try:
        answer = advise(situation, as_of=situation.as_of or today, missing=parsed.missing)
    except SituationError as error:
        return WorkedOut(problem="That situation can't be right: " + "; ".join(error.problems))
    case = case_body(answer, case_tags) if case_tags is not None else None
    case_id = new_case_id() if case is not None else None
    reply = answer_reply(
        answer, understood=parsed.understood, unread=parsed.unread, case_id=case_id
    )
    return WorkedOut(answer, reply, case, case_id)


async def check_command(ctx: CommandContext) -> Reply:
    """Answer a situation told in the member's own words (or in the notation)."""
    return await answer_text(ctx, ctx.option("situation"))


async def estimate_command(ctx: CommandContext) -> Reply:
    """Answer exact numbers in the compact notation, with typed badge and date options."""
    return await answer_text(
        ctx,
        ctx.option("contracts"),
        notation=True,
        badge=ctx.option("badge"),
        as_of=ctx.option("as_of"),
    )


async def answer_text(
    ctx: CommandContext,
    text: str,
    *,
    notation: bool = False,
    badge: str = "",
    as_of: str = "",
    record: bool = True,
) -> Reply:
    """Answer a situation, log the case, and build the reply.

    `text` is what the member typed; it stays in memory (for the buttons) and
    never reaches the case log.
    """
    services = ctx.services
    logs = record and services.recorder is not None and services.hasher is not None
    worked = await services.compute.run(
        work_out,
        text,
        services.today(),
        notation=notation,
        badge=badge,
        as_of=as_of,
        case_tags=(ctx.invocation.command,) if logs else None,
    )
    if worked.answer is None or worked.reply is None:
        return unreadable_reply(worked.problem)
    if worked.case is not None and worked.case_id is not None:
        await record_case(ctx, worked.case, worked.case_id)
        user_hash = services.user_hash(ctx.invocation)
        if user_hash:
            entry = RecentAnswer(user_hash, text, worked.answer, notation=notation)
            services.recent.put(worked.case_id, entry)
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
        created_at=invocation.received_at,
    )
    await services.recorder.submit(draft_from_body(case, origin, services.hasher, case_id=case_id))
