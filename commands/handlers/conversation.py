"""Continuing an answer: a choice picked, words added in the thread, the reading corrected.

Each continues the same case: the situation it stands at (from memory, else from the
case log, which keeps it structured and never in the member's words) gets the new
facts, the engine answers again, the reply starts with what changed ("Now that I know
it is still open: ..."), and the case is rewritten in place, never logged twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from advice.askable import AnswerError, answered, choice_of
from advice.engine import advise
from advice.situation import Situation, SituationError
from commands.handlers.check import read_asked, unreadable_reply
from commands.handlers.ownership import no_case, own_case
from commands.models import Form, Reply
from commands.parsing import ParseError, parse_notation, parse_situation, render_notation
from commands.parsing.merge import merge
from commands.parsing.notation import said_back
from commands.recent import Asked, RecentAnswer
from commands.render import answer_reply
from commands.services import CommandContext
from storage.anonymize import CaseBody, case_body, update_from_body

NOTHING_TO_CONTINUE = Reply(
    title="Nothing to continue",
    summary="I have no answer of yours here to add to. Tell me your situation with `/jss check`.",
    ephemeral=True,
)


@dataclass(frozen=True)
class Standing:
    """Where a member's case stands: its situation, and the day it was first asked."""

    situation: Situation
    today: date


@dataclass(frozen=True)
class Reworked:
    """The new answer to a continued case: the reply, the case's new content, and the
    situation as notation (exact, plain text: what memory keeps for the next step)."""

    reply: Reply
    body: CaseBody
    notation: str


def rework(situation: Situation, today: date, case_id: str) -> Reworked:
    """The engine's answer to the continued situation, its reply and its case body (pure)."""
    answer = advise(situation, as_of=situation.as_of or today)
    reply = answer_reply(answer, case_id=case_id)
    return Reworked(reply, case_body(answer, ("continued",)), render_notation(situation))


async def _standing(ctx: CommandContext, case_id: str) -> Standing | Reply:
    """The case's situation if the caller asked it, else a refusal."""
    found = await own_case(ctx, case_id)
    if isinstance(found, Reply):
        return found
    if isinstance(found, RecentAnswer):
        read = await ctx.services.compute.run(read_asked, found.asked)
        if isinstance(read, str):
            raise no_case(case_id)
        return Standing(read[1], found.asked.today)
    assert found.as_of is not None  # own_case dates a logged case by its week
    return Standing(found, found.as_of)


async def continue_case(
    ctx: CommandContext,
    case_id: str,
    change: Callable[[Standing], tuple[Situation, list[str]]],
) -> Reply:
    """Apply `change` (the new situation and what it says that is new) and answer again."""
    standing = await _standing(ctx, case_id)
    if isinstance(standing, Reply):
        return standing
    try:
        situation, learnt = change(standing)
    except (AnswerError, SituationError, ParseError) as error:
        return unreadable_reply(str(error)[:1].upper() + str(error)[1:])
    services = ctx.services
    reworked = await services.compute.run(rework, situation, standing.today, case_id)
    caller = services.user_hash(ctx.invocation)
    if caller is not None:
        services.recent.put(
            case_id,
            RecentAnswer(
                caller,
                Asked(reworked.notation, standing.today, notation=True),
                services.community_hash(ctx.invocation),
            ),
        )
        if services.recorder is not None:
            update = update_from_body(reworked.body, case_id, caller)
            await services.recorder.submit_update(update)
    await services.bind_conversation(ctx.invocation, case_id)
    known = "; ".join(learnt) if learnt else "nothing new"
    lead = f"Now that I know {known}:"
    return replace(reworked.reply, summary=f"{lead}\n{reworked.reply.summary}")


async def answer_command(ctx: CommandContext) -> Reply:
    """A choice picked for one of the answer's questions: it sets that fact directly."""
    key, value = ctx.option("key"), ctx.option("value")

    def change(standing: Standing) -> tuple[Situation, list[str]]:
        choice = choice_of(key, value)
        return answered(standing.situation, key, value, standing.today), [choice.said]

    return await continue_case(ctx, ctx.option("case"), change)


async def continue_command(ctx: CommandContext) -> Reply:
    """Words added after an answer: a reply in its thread, a plain line in the console, a
    form. The case is the one given, else the one continued where the member is."""
    services = ctx.services
    case_id = ctx.option("case") or await services.bound_case(ctx.invocation)
    caller = services.user_hash(ctx.invocation)
    if case_id is None and caller is not None and ctx.invocation.conversation:
        case_id = services.recent.latest(caller)
    if case_id is None:
        return NOTHING_TO_CONTINUE
    return await continue_in_words(ctx, case_id, ctx.option("text"))


async def continue_in_words(ctx: CommandContext, case_id: str, text: str) -> Reply:
    """Continue `case_id` with what the member wrote."""

    def change(standing: Standing) -> tuple[Situation, list[str]]:
        before = standing.situation
        stated = before.freelancer.shown_jss is not None
        added = parse_situation(text, as_of=standing.today, score_known=stated).situation
        after = merge(before, added)
        return after, said_back(before, after)

    return await continue_case(ctx, case_id, change)


async def edit_command(ctx: CommandContext) -> Reply:
    """The reading corrected in the notation; without one, the form to correct it in."""
    case_id = ctx.option("case")
    reading = ctx.option("reading")
    if not reading:
        standing = await _standing(ctx, case_id)
        if isinstance(standing, Reply):
            return standing
        form = Form(
            title="Edit what I read",
            label="What I read, in the compact notation",
            command="edit",
            option="reading",
            case_id=case_id,
            multiline=True,
            value=render_notation(standing.situation),
            placeholder="0 neg-private ask; 5600 5*; top-rated; jss:92",
        )
        return Reply(title=form.title, summary=form.label, ephemeral=True, form=form)

    def change(standing: Standing) -> tuple[Situation, list[str]]:
        after = parse_notation(reading, as_of=standing.today).situation
        if after.as_of is None and standing.situation.as_of is not None:
            after = after.model_copy(update={"as_of": standing.situation.as_of})
        return after, said_back(standing.situation, after) or ["your corrections"]

    return await continue_case(ctx, case_id, change)
