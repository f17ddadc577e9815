"""Whose case is it: buttons, details and conversations are for the member who asked.

A case of another community reads as not found, the same as a case that does not
exist, so nobody learns that an id is in use elsewhere; a case of someone else in the
same community is refused with a short reason.
"""

from __future__ import annotations

from advice.situation import Situation, SituationError, situation_from_data
from commands.command_line import UsageError
from commands.models import Reply, ReplyKind
from commands.recent import RecentAnswer
from commands.services import CommandContext

NOT_YOURS = Reply(
    title="Not your answer",
    summary="Only the member who asked can use this. Ask your own with `/jss check`.",
    kind=ReplyKind.REFUSAL,
    ephemeral=True,
)


def no_case(case_id: str) -> UsageError:
    return UsageError(f"I can't find case {case_id}; it may have been deleted.")


async def own_case(ctx: CommandContext, case_id: str) -> RecentAnswer | Situation | Reply:
    """What the caller asked under `case_id`: the question as remembered, else the
    situation the case log keeps; a refusal when it is someone else's."""
    services = ctx.services
    caller = services.user_hash(ctx.invocation)
    community = services.community_hash(ctx.invocation)
    recent = services.recent.get(case_id)
    if recent is not None:
        if recent.community_hash != community:
            raise no_case(case_id)
        return recent if recent.user_hash == caller else NOT_YOURS
    case = None
    if services.store is not None:
        case = await services.store.get(case_id, community_hash=community)
    if case is None:
        raise no_case(case_id)
    if case.draft.user_hash != caller:
        return NOT_YOURS
    try:
        situation = situation_from_data(case.draft.situation)
    except SituationError:
        raise no_case(case_id) from None
    if situation.as_of is None:
        situation = situation.model_copy(update={"as_of": case.draft.created_week})
    return situation
