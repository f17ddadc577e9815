"""`/jss check`, `/jss ask`, `/jss estimate`: read a situation, answer it, log the case.

Parsing and the engine are pure CPU work of a few milliseconds; they run in a
worker thread so that the event loop stays free to acknowledge other members'
commands within the platforms' 3-second limit.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import date

from advice.answer import Answer
from advice.engine import advise
from advice.situation import Badge, SituationError
from commands.models import Reply, ReplyKind
from commands.parsing import (
    ParseError,
    ParseResult,
    parse_notation,
    parse_situation,
    render_notation,
)
from commands.recent import RecentAnswer
from commands.render import answer_reply
from commands.services import CommandContext
from storage.anonymize import make_case_draft
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


async def check_command(ctx: CommandContext) -> Reply:
    """Answer a situation told in the member's own words (or in the notation)."""
    today = ctx.services.today()
    try:
        parsed = await asyncio.to_thread(parse_situation, ctx.option("situation"), as_of=today)
    except ParseError as error:
        return unreadable_reply(str(error))
    return await answer_parsed(ctx, parsed, today, text=ctx.option("situation"))


async def estimate_command(ctx: CommandContext) -> Reply:
    """Answer exact numbers in the compact notation, with typed badge and date options."""
    today = ctx.services.today()
    try:
        parsed = await asyncio.to_thread(parse_notation, ctx.option("contracts"), as_of=today)
    except ParseError as error:
        return unreadable_reply(str(error))
    situation = parsed.situation
    if ctx.option("badge"):
        freelancer = situation.freelancer.model_copy(update={"badge": Badge(ctx.option("badge"))})
        situation = situation.model_copy(update={"freelancer": freelancer})
    if ctx.option("as_of"):
        situation = situation.model_copy(update={"as_of": date.fromisoformat(ctx.option("as_of"))})
    text = render_notation(situation)
    return await answer_parsed(ctx, replace(parsed, situation=situation), today, text=text)


async def answer_parsed(
    ctx: CommandContext, parsed: ParseResult, today: date, *, text: str, record: bool = True
) -> Reply:
    """Run the engine on a parsed situation, log the case, and build the reply.

    `text` is what the member typed; it stays in memory (for the buttons) and
    never reaches the case log.
    """
    try:
        answer = await asyncio.to_thread(
            advise, parsed.situation, as_of=parsed.situation.as_of or today, missing=parsed.missing
        )
    except SituationError as error:
        return unreadable_reply("That situation can't be right: " + "; ".join(error.problems))
    case_id = await record_case(ctx, answer) if record else None
    user_hash = ctx.services.user_hash(ctx.invocation)
    if case_id and user_hash:
        ctx.services.recent.put(case_id, RecentAnswer(user_hash, text, answer))
    return answer_reply(answer, understood=parsed.understood, unread=parsed.unread, case_id=case_id)


async def record_case(ctx: CommandContext, answer: Answer) -> str | None:
    """Hand the anonymized case to the recorder; the reply never waits on a failed write."""
    services = ctx.services
    if services.recorder is None or services.hasher is None:
        return None
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
    draft = make_case_draft(answer, origin, services.hasher, tags=(invocation.command,))
    await services.recorder.submit(draft)
    return draft.case_id
