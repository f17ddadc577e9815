"""Rule sets: one row per era of Upwork's Job Success Score rules (JSS_MODEL section 1).

The engine never asks "is it 2021?"; it asks the rule set of the as-of date
("are no-feedback contracts excluded?"). Adding the next change to Upwork's
rules means adding one row (what changed, from when) to `RULESETS`, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from advice.answer import SourceLabel


class Cadence(StrEnum):
    """How often Upwork recomputes the score."""

    DAILY = "daily"
    BIWEEKLY_SUNDAY = "biweekly-sunday"


# Upwork never published the day the two-week cycle started; members saw updates
# on Sundays. The JSS launch Sunday is our anchor, so every cycle date is a
# Sunday 14·k days after it. An assumption, named in every biweekly answer.
BIWEEKLY_ANCHOR = date(2015, 3, 1)

# The date the Top Rated feedback-removal perk was phased out; it is also the
# first day of the daily-update era.
PERK_PHASED_OUT = date(2024, 9, 3)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The JSS rules in force from `start` until the next row's start.

    Every switch the engine consults is a field here, so a reviewer can read
    one era's rules off one row.
    """

    id: str
    start: date
    title: str
    source: SourceLabel
    windows: tuple[int, ...]
    """Look-back windows in months, longest first."""
    trending: bool
    """(6-month + 3-month) / 2 is a fourth candidate for the shown score."""
    cadence: Cadence
    earnings_weighting: bool
    weight_table_published: bool
    zero_earnings_excluded: bool
    """$0 contracts with positive or no feedback are excluded (only negative counts)."""
    no_feedback_excluded: bool
    """Ended contracts without feedback are excluded; before, they hurt when common."""
    min_outcomes: int
    min_clients: int
    perk_available: bool
    perk_gap_months: int
    """Top Rated perk: at most one removal per this many months."""
    perk_contracts_between: int
    """Top Rated perk: completed contracts needed since the last removal."""
    private_rating_on_form: bool
    """The private 0-10 'likely to recommend' question is still on the feedback form."""
    public_emphasis: bool
    """Upwork said public feedback carries more weight (December 2023)."""
    insights_page: bool
    """The Job Success insights page lists included and excluded jobs."""
    note: str = ""

    @property
    def update_days(self) -> int:
        """Days between score updates."""
        return 1 if self.cadence is Cadence.DAILY else 14


_W3 = (24, 12, 6)
_W4 = (24, 12, 6, 3)


def _then(
    previous: RuleSet,
    *,
    id: str,
    start: date,
    title: str,
    source: SourceLabel = SourceLabel.OFFICIAL,
    note: str = "",
    **changes: Any,
) -> RuleSet:
    """The next era: the previous era's rules with only what changed."""
    return replace(previous, id=id, start=start, title=title, source=source, note=note, **changes)


# The first era in full; after it, one row per change, naming only the rules that
# changed (JSS_MODEL section 1 reads the same way).
_LAUNCH = RuleSet(
    id="2015-03",
    start=date(2015, 3, 1),
    title="JSS launch: best of 24/12/6-month windows, updated every two weeks",
    source=SourceLabel.OLD_OFFICIAL,
    windows=_W3,
    trending=False,
    cadence=Cadence.BIWEEKLY_SUNDAY,
    earnings_weighting=False,
    weight_table_published=False,
    zero_earnings_excluded=False,
    no_feedback_excluded=False,
    min_outcomes=4,
    min_clients=3,
    perk_available=False,
    perk_gap_months=3,
    perk_contracts_between=10,
    private_rating_on_form=True,
    public_emphasis=False,
    insights_page=False,
)
_PERK = _then(
    _LAUNCH,
    id="2016-06",
    start=date(2016, 6, 1),
    title="Top Rated perk: remove one ended contract from the JSS",
    source=SourceLabel.OLD_OFFICIAL,
    note="the perk start is known to the month only",
    perk_available=True,
)
_WEIGHTED = _then(
    _PERK,
    id="2020-03",
    start=date(2020, 3, 1),
    title="Contracts weighted by earnings; $0 contracts with positive feedback excluded",
    note="the weight table was not published yet; the later published table is used",
    earnings_weighting=True,
    zero_earnings_excluded=True,
)
_NO_FEEDBACK = _then(
    _WEIGHTED,
    id="2020-11",
    start=date(2020, 11, 8),
    title="Contracts ended without feedback excluded; 2 distinct clients needed",
    no_feedback_excluded=True,
    min_clients=2,
)
_TRENDING = _then(
    _NO_FEEDBACK,
    id="2021-trending",
    start=date(2021, 1, 1),
    title="Trending JSS: (6-month + 3-month) / 2 is a fourth candidate",
    note="disclosed during 2021; the exact date is not known, 2021-01-01 is assumed",
    windows=_W4,
    trending=True,
)
_TWO_JOBS = _then(
    _TRENDING,
    id="2023-12",
    start=date(2023, 12, 1),
    title="2 jobs with 2 distinct clients in 24 months suffice; public feedback emphasised",
    min_outcomes=2,
    public_emphasis=True,
)
_DAILY = _then(
    _TWO_JOBS,
    id="2024-09",
    start=PERK_PHASED_OUT,
    title="Perk phased out; daily updates; Job Success insights page",
    cadence=Cadence.DAILY,
    perk_available=False,
    insights_page=True,
)
_PUBLISHED = _then(
    _DAILY,
    id="2025",
    start=date(2025, 1, 1),
    title="Published weight table; private 0-10 rating removed from the feedback form",
    note="the month of the change is not known; 2025-01-01 is assumed",
    weight_table_published=True,
    private_rating_on_form=False,
)

RULESETS: tuple[RuleSet, ...] = (
    _LAUNCH,
    _PERK,
    _WEIGHTED,
    _NO_FEEDBACK,
    _TRENDING,
    _TWO_JOBS,
    _DAILY,
    _PUBLISHED,
)

_BY_ID = {ruleset.id: ruleset for ruleset in RULESETS}

JSS_INTRODUCED = RULESETS[0].start


class UnknownRulesetError(ValueError):
    """A rule set id that is not in `RULESETS`; the message lists the valid ids."""


class NoRulesetError(ValueError):
    """An as-of date before the JSS existed."""


def ruleset_ids() -> tuple[str, ...]:
    """The valid rule set ids, oldest first."""
    return tuple(_BY_ID)


def get_ruleset(ruleset_id: str) -> RuleSet:
    """The rule set with this id, or `UnknownRulesetError` naming the valid ids."""
    try:
        return _BY_ID[ruleset_id]
    except KeyError:
        valid = ", ".join(_BY_ID)
        raise UnknownRulesetError(f"unknown rule set {ruleset_id!r}; valid ids: {valid}") from None


def ruleset_for(as_of: date) -> RuleSet:
    """The rule set in force on `as_of` (the last row starting on or before it)."""
    if as_of < JSS_INTRODUCED:
        raise NoRulesetError(
            f"the Job Success Score was introduced on {JSS_INTRODUCED}; "
            f"there is no score on {as_of}"
        )
    chosen = RULESETS[0]
    for ruleset in RULESETS:
        if ruleset.start <= as_of:
            chosen = ruleset
    return chosen


def next_update(ruleset: RuleSet, after: date) -> date:
    """The first score update strictly after `after` under the rule set's cadence.

    Biweekly eras: Sundays 14·k days after `BIWEEKLY_ANCHOR` (an assumption: the
    cycle's start was never published). Daily era: the next day.
    """
    if ruleset.cadence is Cadence.DAILY:
        return date.fromordinal(after.toordinal() + 1)
    days = after.toordinal() - BIWEEKLY_ANCHOR.toordinal()
    cycles = days // 14 + 1
    return date.fromordinal(BIWEEKLY_ANCHOR.toordinal() + 14 * cycles)
