"""The assumptions an estimate rests on, said in words, and the caveat every answer carries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from advice.baseline import Baseline, BaselineSource, PoolSource
from advice.outcomes import View, effective_earnings
from advice.rulesets import Cadence, RuleSet
from advice.situation import Contract, FeedbackStatus, Situation
from advice.tables import NO_FEEDBACK_COMMON_SHARE, Kind


def _baseline_assumptions(situation: Situation, baseline: Baseline) -> Iterable[str]:
    """How the stated score was read: what it includes and how big the history behind it is."""
    if baseline.source is not BaselineSource.STATED or baseline.pool is None:
        return
    pool = baseline.pool
    shown = f"{baseline.shown_jss:g}%"
    yield (
        f"your {shown} is the score before this contract's outcome lands"
        if situation.in_question is not None and not baseline.question_counted
        else f"your {shown} already includes every outcome so far"
    )
    if pool.source is PoolSource.DROP and baseline.drop is not None:
        drop = baseline.drop
        yield (
            f"the drop from {drop.before}% to {drop.after}% is read as one new negative: "
            f"about {pool.low:.1f}-{pool.high:.1f} jobs of weight besides the ones you listed"
        )
    elif pool.source is PoolSource.COUNT:
        yield (
            f"the {situation.freelancer.jobs} jobs you count are read as {pool.low:g}-"
            f"{pool.high:g} jobs of weight in the 24-month window"
        )
    else:
        yield (
            f"you did not say how many jobs you have: about {pool.low:g} to {pool.high:g} jobs "
            "of weight is assumed"
        )
    yield "the jobs you did not list are taken as spread evenly over the last 24 months"
    if baseline.shown_jss is not None and baseline.shown_jss >= 100:
        yield "a shown 100% is read as no negative outcome at all"
    if not baseline.fits:
        yield (
            f"the contracts you listed cannot give {shown} with that history; the nearest "
            "reading is used"
        )


def no_feedback_common(contracts: Sequence[Contract]) -> bool:
    """Whether paid contracts without feedback are common (named in old-era answers)."""
    ended = [c for c in contracts if not c.is_open]
    if not ended:
        return False
    silent = sum(
        1 for c in ended if c.feedback is FeedbackStatus.NONE and effective_earnings(c) != 0
    )
    return silent / len(ended) >= NO_FEEDBACK_COMMON_SHARE


def assumptions(
    situation: Situation,
    rs: RuleSet,
    day: date,
    views: Sequence[View],
    forced: bool,
    baseline: Baseline,
) -> tuple[str, ...]:
    """Every assumption this estimate rests on, in words."""
    out = list(_baseline_assumptions(situation, baseline))
    if baseline.source is not BaselineSource.STATED:
        out.append(
            "likely = S/T of the likely outcomes; worst = the lower of (S-N)/T and one hidden "
            "poor private rating; best and worst spread pending feedback and other unknowns"
        )
    if not rs.earnings_weighting:
        out.append("every outcome weighs 1 job (no earnings weighting before 2020-03)")
    elif rs.weight_table_published:
        out.append(
            "weights: $1-250 1 job, $251-1,000 1.25, more 1.5; +1 per 3 months with a "
            "payment; at most 8 (official)"
        )
    else:
        out.append(
            "earnings weighting existed but its shape was not published; the table "
            "published in 2025 is used"
        )
    unknown = [str(v.index + 1) for v in views if v.weight and not v.weight.known]
    if unknown and rs.earnings_weighting:
        out.append(f"unknown earnings spread over 1-1.5 jobs: contract(s) {', '.join(unknown)}")
    derived = [
        str(v.index + 1)
        for v in views
        if v.weight and v.weight.months_derived and v.weight.paid_months >= 3
    ]
    if derived and rs.earnings_weighting:
        out.append(
            f"months with a payment derived from the dates: contract(s) {', '.join(derived)}"
        )
    if any(v.zero and Kind.NEGATIVE in v.kinds for v in views):
        out.append("a $0 contract with negative feedback weighs 1 job (an assumption)")
    if any(v.dormant_days is not None for v in views):
        out.append("dormant contracts may count after 3-6 months without payment (community guess)")
    if any(c.stars is not None and c.stars < 4.5 for c in situation.contracts):
        out.append("public stars below 4.5 read as risky, 4.0-4.4 as neutral (community guess)")
    if any(c.private_rating is not None for c in situation.contracts):
        out.append("private 0-10 read as 9-10 positive, 7-8 neutral, 0-6 negative (a guess)")
    if not rs.no_feedback_excluded and no_feedback_common(situation.contracts):
        out.append(
            "many paid contracts ended without feedback; before 2020-11-08 that could hurt "
            "(the worst case counts them as negative)"
        )
    if rs.cadence is Cadence.BIWEEKLY_SUNDAY:
        out.append("updates every two weeks on Sundays; the cycle start (2015-03-01) is assumed")
    if rs.note:
        out.append(f"{rs.id}: {rs.note}")
    if forced and not (rs.start <= day):
        out.append(f"the {rs.id} rules were applied by request to {day}, before they existed")
    elif forced:
        out.append(f"the {rs.id} rules were applied by request")
    return tuple(out)


def caveat(rs: RuleSet, day: date) -> str:
    """The one line every answer ends with: an estimate, and where the real score is."""
    where = "Job Success insights page" if rs.insights_page else "My Stats page"
    return (
        "Upwork does not publish the Job Success Score formula: this is an estimate under "
        f"the {rs.id} rules as of {day}, not the score Upwork will show. Check your {where}."
    )
