"""What the buttons under an answer do: details, what changes if, report outcome.

Only the member who asked may use them. Recent answers come from memory; after
a restart `details` rebuilds the answer from the logged (coarsened) case.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from advice.answer import Answer
from advice.engine import advise
from commands.handlers.check import answer_again
from commands.handlers.conversation import continue_in_words
from commands.handlers.ownership import no_case, own_case
from commands.models import Form, Question, QuestionChoice, Reply
from commands.parsing import ParseResult
from commands.recent import RecentAnswer
from commands.render import details_reply
from commands.services import CommandContext


@dataclass(frozen=True)
class Owned:
    """An answer given to the caller, and what was read for it (nothing after a restart:
    the member's words are never kept)."""

    answer: Answer
    read: ParseResult | None = None


async def _owned_answer(ctx: CommandContext, case_id: str) -> Owned | Reply:
    """The answer given under `case_id` if the caller asked it, else a refusal."""
    found = await own_case(ctx, case_id)
    if isinstance(found, Reply):
        return found
    if isinstance(found, RecentAnswer):
        again = await ctx.services.compute.run(answer_again, found.asked)
        if again is None:  # read the first time: only a changed engine could refuse it now
            raise no_case(case_id)
        return Owned(again[1], again[0])
    return Owned(await ctx.services.compute.run(advise, found))


NO_RECENT = Reply(
    title="No answer to show",
    summary="I have no recent answer of yours; add the case id: `/jss details C-7K2M9XQ`.",
    ephemeral=True,
)


async def details_command(ctx: CommandContext) -> Reply:
    """Everything behind an answer: the case given, else the caller's most recent one."""
    case_id = ctx.option("case")
    if not case_id:
        caller = ctx.services.user_hash(ctx.invocation)
        case_id = (ctx.services.recent.latest(caller) if caller else None) or ""
        if not case_id:
            return NO_RECENT
    owned = await _owned_answer(ctx, case_id)
    if isinstance(owned, Reply):
        return owned
    read = owned.read
    return details_reply(
        owned.answer,
        understood=read.understood if read is not None else (),
        unread=read.unread if read is not None else (),
        case_id=case_id,
    )


async def what_if_command(ctx: CommandContext) -> Reply:
    """The button of answers sent before questions had choices: the case's top open
    question, with its choices (or a form for words); an answer in words continues it."""
    case_id = ctx.option("case")
    given = ctx.option("answer")
    if given:
        return await continue_in_words(ctx, case_id, given)
    owned = await _owned_answer(ctx, case_id)
    if isinstance(owned, Reply):
        return owned
    if not owned.answer.missing:
        return Reply(title="Nothing open", summary="I had every fact I needed.", ephemeral=True)
    fact = owned.answer.missing[0]
    choices = tuple(QuestionChoice(c.label, c.value) for c in fact.choices)
    form = None
    if not choices:
        form = Form(
            title="Tell me more",
            label="Your answer",
            placeholder=fact.question[:100],
            command="continue",
            option="text",
            case_id=case_id,
        )
    return Reply(
        title="What would sharpen it",
        summary=fact.question,
        ephemeral=True,
        case_id=case_id,
        questions=(Question(fact.key, fact.question, choices),) if choices else (),
        form=form,
    )


def form_when_missing(
    option: str, form: Callable[[str], Form], handler: Callable[[CommandContext], Awaitable[Reply]]
) -> Callable[[CommandContext], Awaitable[Reply]]:
    """Wrap a handler so that, without `option`, it opens a form asking for it."""

    async def wrapped(ctx: CommandContext) -> Reply:
        if ctx.option(option):
            return await handler(ctx)
        filled = form(ctx.option("case"))
        return Reply(title=filled.title, summary=filled.label, ephemeral=True, form=filled)

    wrapped.__doc__ = handler.__doc__
    return wrapped


def outcome_form(case_id: str) -> Form:
    """The form behind the Report outcome button."""
    return Form(
        title="Report outcome",
        label="Your JSS now (like 88%) or 'no change'",
        placeholder="88%",
        command="outcome",
        option="result",
        case_id=case_id,
        max_length=100,
    )
