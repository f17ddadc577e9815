"""What the buttons under an answer do: details, what changes if, report outcome.

Only the member who asked may use them. Recent answers come from memory; after
a restart `details` rebuilds the answer from the logged (coarsened) case.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from advice.answer import Answer
from advice.engine import advise
from advice.situation import SituationError, situation_from_data
from commands.command_line import UsageError
from commands.handlers.check import answer_again, answer_text, unreadable_reply
from commands.models import Form, Reply, ReplyKind
from commands.parsing import ParseResult
from commands.render import details_reply
from commands.services import CommandContext

NOT_YOURS = Reply(
    title="Not your answer",
    summary="Only the member who asked can use these buttons. Ask your own with `/jss check`.",
    kind=ReplyKind.REFUSAL,
    ephemeral=True,
)


def _no_case(case_id: str) -> UsageError:
    return UsageError(f"I can't find case {case_id}; it may have been deleted.")


@dataclass(frozen=True)
class Owned:
    """An answer given to the caller, and what was read for it (nothing after a restart:
    the member's words are never kept)."""

    answer: Answer
    read: ParseResult | None = None


async def _owned_answer(ctx: CommandContext, case_id: str) -> Owned | Reply:
    """The answer given under `case_id` if the caller asked it, else a refusal."""
    caller = ctx.services.user_hash(ctx.invocation)
    recent = ctx.services.recent.get(case_id)
    if recent is not None:
        if recent.user_hash != caller:
            return NOT_YOURS
        again = await ctx.services.compute.run(answer_again, recent.asked)
        if again is None:  # read the first time: only a changed engine could refuse it now
            raise _no_case(case_id)
        return Owned(again[1], again[0])
    store = ctx.services.store
    case = await store.get(case_id) if store is not None else None
    if case is None:
        raise _no_case(case_id)
    if case.draft.user_hash != caller:
        return NOT_YOURS
    try:
        situation = situation_from_data(case.draft.situation)
    except SituationError:
        raise _no_case(case_id) from None
    as_of = situation.as_of or case.draft.created_week
    return Owned(await ctx.services.compute.run(advise, situation, as_of=as_of))


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
    """Ask the case's top open question; with the member's answer, estimate again."""
    case_id = ctx.option("case")
    owned = await _owned_answer(ctx, case_id)
    if isinstance(owned, Reply):
        return owned
    answer = owned.answer
    if not answer.missing:
        return Reply(title="Nothing open", summary="I had every fact I needed.", ephemeral=True)
    question = answer.missing[0].question
    given = ctx.option("answer")
    if not given:
        return Reply(
            title="What changes if…",
            summary=question,
            ephemeral=True,
            form=Form(
                title="What changes if…",
                label="Your answer",
                placeholder=question[:100],
                command="what-if",
                option="answer",
                case_id=case_id,
            ),
        )
    recent = ctx.services.recent.get(case_id)
    if recent is None:
        return unreadable_reply(
            "I no longer have your original words (they are never kept after a restart). "
            f"Please ask again with `/jss check`, and include: {question}"
        )
    # The notation is one line of `;`-separated parts; free text takes the answer
    # as one more sentence. The rest (date, badge) stays as first asked.
    asked = recent.asked
    text = f"{asked.text}; {given}" if asked.notation else f"{asked.text}\n{given}"
    reply = await answer_text(ctx, asked._replace(text=text), record=False)
    return replace(reply, title="What changes if…", ephemeral=True)


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
