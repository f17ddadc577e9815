"""What a member can do about their own cases: `/jss forget-me` and `/jss outcome`.

A member is found by the keyed hash of their platform id, the same hash the
case log holds; nobody else's case can be touched or even confirmed to exist.
"""

from __future__ import annotations

import re

from commands.command_line import UsageError
from commands.handlers.followups import form_when_missing, outcome_form
from commands.models import Reply, ReplyKind
from commands.services import CommandContext
from storage.coarsen import week_of

NO_CHANGE = "no change"
_NO_CHANGE_WORDS = {"no change", "nochange", "unchanged", "same", "no-change", "none"}
_PERCENT_RE = re.compile(r"^(?:jss\s*)?(?:is\s*)?(?:now\s*)?(\d{1,3}(?:\.\d)?)\s*%?$")


def parse_outcome(text: str) -> str:
    """`88%`, `88`, `JSS 88 %` -> `88%`; `no change`, `same` -> `no change`."""
    cleaned = " ".join(text.lower().replace("'", "").replace('"', "").split())
    if cleaned in _NO_CHANGE_WORDS:
        return NO_CHANGE
    match = _PERCENT_RE.match(cleaned)
    if match and 0 <= float(match[1]) <= 100:
        return f"{float(match[1]):g}%"
    raise UsageError("Tell me your JSS now, like `88%`, or `no change`.")


async def forget_me_command(ctx: CommandContext) -> Reply:
    """Delete every case logged for the caller, including any still waiting to be written."""
    services = ctx.services
    user_hash = services.user_hash(ctx.invocation)
    if services.store is None or user_hash is None:
        return Reply(
            title="Nothing to forget",
            summary="This bot keeps no case log, so it holds nothing about you.",
            ephemeral=True,
        )
    # Cases still queued for writing go first, or they would be written afterwards.
    waiting = await services.recorder.forget(user_hash) if services.recorder is not None else 0
    total = waiting + await services.store.forget(user_hash)
    services.recent.forget_user(user_hash)
    if total == 0:
        summary = "I had no cases logged for you. Nothing is kept about you now."
    else:
        noun = "case" if total == 1 else "cases"
        summary = f"Deleted {total} {noun} logged for you. Nothing is kept about you now."
    return Reply(title="Forgotten", summary=summary, ephemeral=True)


async def _record_outcome(ctx: CommandContext) -> Reply:
    services = ctx.services
    case_id = ctx.option("case")
    outcome = parse_outcome(ctx.option("result"))
    user_hash = services.user_hash(ctx.invocation)
    if services.store is None or user_hash is None:
        return Reply(
            title="No case log",
            summary="This bot keeps no case log, so outcomes cannot be recorded.",
            ephemeral=True,
        )
    week = week_of(services.today())
    if not await services.store.set_outcome(case_id, user_hash, outcome, week):
        # The same words whether the case is someone else's or does not exist.
        raise UsageError(f"I can't find a case {case_id} of yours; check the id in my answer.")
    said = "no change to your JSS" if outcome == NO_CHANGE else f"your JSS is now {outcome}"
    return Reply(
        title="Thanks, outcome recorded",
        summary=f"Recorded for {case_id}: {said}. It helps the estimates get better.",
        kind=ReplyKind.INFO,
        ephemeral=True,
        case_id=case_id,
    )


# Without a result (the Report outcome button), open the form asking for it.
outcome_command = form_when_missing("result", outcome_form, _record_outcome)
