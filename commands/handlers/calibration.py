"""`/jss case stats calibration`: how the bot's estimates came true in the moderator's
community, with a chart of predicted against reported scores.

Only cases with a reported outcome count, only the moderator's community's (the scope
is the store's, like every case look-up). The arithmetic runs on the compute pool so a
large community never holds up the event loop; the report never changes the model.
"""

from __future__ import annotations

from commands.calibration import (
    Calibration,
    Group,
    Outcome,
    calibrate,
    calibration_chart,
    outcome_of,
)
from commands.models import Reply, ReplySection
from commands.services import Services
from storage.interface import CaseStore

NO_OUTCOMES = "No case has a reported outcome yet (members report one with /jss outcome)."
TOP_GROUPS = 10
"""Groups listed per section of the moderator's reply; the rest are counted."""


async def reported_outcomes(store: CaseStore, community_hash: str | None) -> list[Outcome]:
    """Every usable outcome in the case log (one community's, if given)."""
    outcomes: list[Outcome] = []
    async for case in store.outcomes(community_hash=community_hash):
        outcome = outcome_of(case)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def _lines(groups: tuple[Group, ...]) -> str:
    if not groups:
        return "none"
    shown = [f"- {group.line()}" for group in groups[:TOP_GROUPS]]
    if len(groups) > TOP_GROUPS:
        shown.append(f"- … and {len(groups) - TOP_GROUPS} more")
    return "\n".join(shown)


def calibration_reply(report: Calibration, outcomes: list[Outcome]) -> Reply:
    """The report as a moderator's private reply, with its chart."""
    return Reply(
        title="Calibration: how the estimates came true",
        summary=report.overall.line(),
        sections=(
            *(ReplySection(title, _lines(groups)) for title, groups in report.sections()),
            ReplySection("What the misses point at", report.points_at),
        ),
        footer="From cases of this community with a reported outcome. The model is unchanged.",
        ephemeral=True,
        chart=calibration_chart(outcomes),
    )


async def community_calibration(store: CaseStore, community_hash: str, services: Services) -> Reply:
    """The calibration reply over one community's reported outcomes."""
    outcomes = await reported_outcomes(store, community_hash)
    report = await services.compute.run(calibrate, outcomes)
    if report is None:
        return Reply(title="Calibration", summary=NO_OUTCOMES, ephemeral=True)
    return calibration_reply(report, outcomes)
