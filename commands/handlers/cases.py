"""Moderator look-ups: `/jss case show | search | stats [calibration] | note`.

The dispatcher refuses these to anyone the adapter does not mark as a moderator
(every spec here is `moderator_only`), before a handler runs, so a member learns
nothing about any case. A moderator moderates one community: every look-up is
limited to that community's cases, and a case of another community reads as
not found. Replies are private to the moderator. Cases hold no raw text or
platform ids, so nothing shown here can name a member.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from commands.case_query import parse_case_query, parse_period
from commands.command_line import UsageError
from commands.handlers.calibration import community_calibration
from commands.models import Reply, ReplyField, ReplyKind, ReplySection
from commands.services import CommandContext
from storage.coarsen import week_of
from storage.interface import Case, CaseNote, CaseStore
from storage.scrub import scrub_note

TOP = 10
CALIBRATION = "calibration"
"""What `/jss case stats` takes instead of a period for the calibration report."""
SUMMARY_CHARS = 160

NO_STORE = Reply(
    title="No case log",
    summary="This bot runs without a case log, so there are no cases to look up.",
    kind=ReplyKind.INFO,
    ephemeral=True,
)


NO_COMMUNITY = Reply(
    title="Moderators only, in a community",
    summary="Case look-ups work inside the community you moderate, not in direct messages.",
    kind=ReplyKind.REFUSAL,
    ephemeral=True,
)


def _store(ctx: CommandContext) -> CaseStore | None:
    return ctx.services.store


def _community(ctx: CommandContext) -> str | None:
    """The moderator's community as the case log knows it (None: refuse the look-up)."""
    return ctx.services.community_hash(ctx.invocation)


def _no_case(case_id: str) -> UsageError:
    return UsageError(f"I can't find case {case_id}; it may have been deleted or purged.")


def _pct(value: Any) -> str:
    return f"{value:.0f}%" if isinstance(value, int | float) else "n/a"


def _estimate_line(estimate: dict[str, Any]) -> str:
    if not estimate.get("shown", True):
        return "no score would show"
    return (
        f"likely {_pct(estimate.get('likely'))} "
        f"(from {_pct(estimate.get('worst'))} to {_pct(estimate.get('best'))})"
    )


def case_reply(case: Case) -> Reply:
    """One case as a moderator sees it: what was asked (blurred), said, and happened."""
    draft = case.draft
    fields = [
        ReplyField("Week of", draft.created_week.isoformat(), inline=True),
        ReplyField("Where", f"{draft.platform}, {draft.channel_kind}", inline=True),
        ReplyField("Rule set", draft.ruleset, inline=True),
        ReplyField("Estimate", _estimate_line(draft.estimate)),
        ReplyField("Advice given", ", ".join(draft.advice_ids) or "none"),
        ReplyField("Tags", ", ".join(draft.tags) or "none"),
    ]
    if case.outcome is not None:
        when = f" (week of {case.outcome_week})" if case.outcome_week else ""
        fields.append(ReplyField("Outcome reported", f"{case.outcome}{when}"))
    sections = []
    if case.notes:
        lines = [f"- week of {note.week}: {note.text}" for note in case.notes]
        sections.append(ReplySection("Moderator notes", "\n".join(lines)))
    return Reply(
        title=f"Case {draft.case_id}",
        summary=draft.summary,
        fields=tuple(fields),
        sections=tuple(sections),
        footer="Anonymized: ids hashed, amounts rounded, dates to the week, clients as letters.",
        ephemeral=True,
        case_id=draft.case_id,
    )


async def case_show_command(ctx: CommandContext) -> Reply:
    """Show one logged case."""
    store, community = _store(ctx), _community(ctx)
    if store is None:
        return NO_STORE
    if community is None:
        return NO_COMMUNITY
    case_id = ctx.option("case")
    case = await store.get(case_id, community_hash=community)
    if case is None:
        raise _no_case(case_id)
    return case_reply(case)


def _line(case: Case) -> str:
    draft = case.draft
    summary = draft.summary
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"
    tags = ", ".join(draft.tags[:5])
    return f"- **{draft.case_id}** · week of {draft.created_week} · {tags}\n  {summary}"


async def case_search_command(ctx: CommandContext) -> Reply:
    """Cases matching tags, advice, rule set, dates and words, newest first."""
    store, community = _store(ctx), _community(ctx)
    if store is None:
        return NO_STORE
    if community is None:
        return NO_COMMUNITY
    query = replace(parse_case_query(ctx.option("query")), community_hash=community)
    page = await store.search(query)
    pages = max(1, -(-page.total // page.per_page))
    if not page.cases:
        past = page.total and page.total_exact
        summary = f"Page {page.page} is past the last ({pages})." if past else "No cases match."
        if query.cursor is not None:
            summary = "No more cases match."
        return Reply(title="Case search", summary=summary, ephemeral=True)
    found = f"{page.total:,}" if page.total_exact else f"{page.total:,}+"
    if query.cursor is not None:
        footer = "Continued"  # a page after a code has no number of its own
    else:
        footer = f"Page {page.page} of {pages}" if page.total_exact else f"Page {page.page}"
    if page.next_cursor is not None:
        # The next page by its code: as fast as the first, however deep.
        footer += f"; add `after:{page.next_cursor}` for more"
    return Reply(
        title=f"Case search: {found} found",
        summary="\n".join(_line(case) for case in page.cases),
        footer=footer + ". `/jss case show <id>` for one case.",
        ephemeral=True,
    )


def _counts(pairs: tuple[tuple[Any, int], ...], limit: int = TOP) -> str:
    if not pairs:
        return "none"
    shown = [f"- {name}: {count}" for name, count in pairs[:limit]]
    if len(pairs) > limit:
        shown.append(f"- … and {len(pairs) - limit} more")
    return "\n".join(shown)


async def case_stats_command(ctx: CommandContext) -> Reply:
    """Counts by tag, advice and week over a period; or, given `calibration`, how the
    estimates of cases with a reported outcome came true."""
    store, community = _store(ctx), _community(ctx)
    if store is None:
        return NO_STORE
    if community is None:
        return NO_COMMUNITY
    if ctx.option("period").strip().lower() == CALIBRATION:
        return await community_calibration(store, community, ctx.services)
    since, until = parse_period(ctx.option("period"), ctx.services.today())
    stats = await store.stats(since, until, community_hash=community)
    period = f"{since or 'the start'} to {until or 'today'}"
    weeks = stats.by_week[-TOP:]
    return Reply(
        title="Case statistics",
        summary=(
            f"From {period}: **{stats.total}** cases, {stats.outcomes} with a reported outcome."
        ),
        fields=tuple(
            ReplyField(platform, str(count), inline=True)
            for platform, count in stats.extra.get("by_platform", {}).items()
        ),
        sections=(
            ReplySection("By tag", _counts(stats.by_tag)),
            ReplySection("By advice", _counts(stats.by_advice)),
            ReplySection("By week (latest)", _counts(tuple((str(w), n) for w, n in weeks))),
        ),
        ephemeral=True,
    )


async def case_note_command(ctx: CommandContext) -> Reply:
    """Attach a moderator note, scrubbed like a case (storage/scrub.py)."""
    store, community = _store(ctx), _community(ctx)
    if store is None:
        return NO_STORE
    if community is None:
        return NO_COMMUNITY
    case_id = ctx.option("case")
    text = scrub_note(ctx.option("text"))
    if not text:
        raise UsageError("The note is empty; write it after the case id.")
    moderator = ctx.services.user_hash(ctx.invocation) or ""
    note = CaseNote(week=week_of(ctx.services.today()), moderator_hash=moderator, text=text)
    if not await store.add_note(case_id, note, community_hash=community):
        raise _no_case(case_id)
    return Reply(
        title=f"Note added to {case_id}",
        summary=f"Stored as: {text}",
        footer=(
            "Names, handles, addresses, ids, e-mails, links and phone numbers are removed "
            "from notes; amounts are rounded."
        ),
        ephemeral=True,
        case_id=case_id,
    )
