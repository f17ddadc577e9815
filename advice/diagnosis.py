"""Why a score dropped: the causes that fit the member's facts and the size of the drop.

`CAUSES` is the list forum veterans go through, each with the facts that make it fit
(JSS_MODEL section 9, "Diagnosis"); the answer names those that fit, most likely first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from advice.baseline import Baseline
from advice.outcomes import effective_earnings
from advice.rulesets import RuleSet
from advice.situation import Contract, FeedbackStatus, Situation
from advice.tables import COUNT_SPREAD, STAR_BANDS
from advice.wording import counted, weight_of

POSITIVE_STARS = STAR_BANDS[0].min_stars


@dataclass(frozen=True, slots=True)
class Cause:
    """One cause of a drop: when it fits, and when the member's own facts point at it."""

    id: str
    words: str
    fits: Callable[[Situation, RuleSet, Baseline], bool]
    named: Callable[[Situation, RuleSet, Baseline], bool] | None = None


def _always(s: Situation, rs: RuleSet, b: Baseline) -> bool:
    return True


def _poor_stars(s: Situation) -> bool:
    return any(c.stars is not None and c.stars < POSITIVE_STARS for c in s.contracts)


def _no_poor_stars(s: Situation, rs: RuleSet, b: Baseline) -> bool:
    return not _poor_stars(s)


def _poor_stars_said(s: Situation, rs: RuleSet, b: Baseline) -> bool:
    return _poor_stars(s)


def _inactive_counted(s: Situation, rs: RuleSet, b: Baseline) -> bool:
    return not rs.no_feedback_excluded


def _inactive_listed(s: Situation, rs: RuleSet, b: Baseline) -> bool:
    """Under the old rules the member lists an open contract with no earnings or none for
    months ("two contracts still open, never billed a cent")."""
    quiet = any(c.may_be_open and (c.earnings == 0 or c.last_payment) for c in s.contracts)
    return _inactive_counted(s, rs, b) and quiet


def _zero_with_poor_feedback(s: Situation, rs: RuleSet, b: Baseline) -> bool:
    return rs.zero_earnings_excluded


def _good_job_left(s: Situation, rs: RuleSet, b: Baseline) -> bool:
    # From 100% nothing positive leaving can lower the score: there is no negative to weigh more.
    return b.previous_jss is None or b.previous_jss < 100


def _dispute_or_refund(s: Situation, rs: RuleSet, b: Baseline) -> bool:
    return any(c.disputed or c.refunded for c in s.contracts)


CAUSES: tuple[Cause, ...] = (
    Cause("poor-stars", "the poor public stars you mention", _poor_stars_said),
    Cause(
        "private-feedback",
        "poor private feedback, which counts even under five public stars",
        _no_poor_stars,
    ),
    Cause(
        "inactive-contract",
        "a contract closed with no earnings, or inactive for months, counted as a negative",
        _inactive_counted,
        _inactive_listed,
    ),
    Cause(
        "zero-dollar-negative",
        "a $0 contract that ended with poor feedback (it counts as a negative)",
        _zero_with_poor_feedback,
    ),
    Cause(
        "dispute", "a dispute or a refund and the feedback that came with it", _dispute_or_refund
    ),
    Cause(
        "good-job-left",
        "a good job leaving the 24-, 12- or 6-month window, so the negatives weigh more",
        _good_job_left,
    ),
    Cause(
        "end-reason",
        "the reason the client gave when ending the contract (ended as unsatisfied)",
        _always,
    ),
)
MAX_CAUSES = 4


def causes(situation: Situation, ruleset: RuleSet, baseline: Baseline) -> list[Cause]:
    """The causes that fit, most likely first: those the member's facts point at lead."""
    fitting = [c for c in CAUSES if c.fits(situation, ruleset, baseline)]
    fitting.sort(key=lambda c: not (c.named and c.named(situation, ruleset, baseline)))
    return fitting[:MAX_CAUSES]


def named_cause(situation: Situation, ruleset: RuleSet, baseline: Baseline) -> Cause | None:
    """The cause the member's own facts point at, if one does."""
    return next(
        (c for c in CAUSES if c.named is not None and c.named(situation, ruleset, baseline)),
        None,
    )


def drop_reason(baseline: Baseline, jobs_stated: int | None) -> str:
    """The arithmetic of a drop in one sentence, or '' without one."""
    drop = baseline.drop
    if drop is None:
        return ""
    many = round(drop.positive_likely)
    if many < 1:
        return f"With no good job beside it, one negative takes a score to {drop.after}%."
    sentence = (
        f"One negative among about {counted(many, 'good job')} of its size takes a score "
        f"from {drop.before}% to {drop.after}%: your score rests on about {weight_of(many)}."
    )
    if jobs_stated is not None and jobs_stated * COUNT_SPREAD[0] > drop.total_high:
        sentence += (
            f" With {counted(jobs_stated, 'job')} one negative moves it far less, so more than "
            "one outcome changed."
        )
    return sentence


# Why a listed contract does not count, first reason that holds; said to a member who
# asks why some of theirs do not.
_NOT_COUNTED: tuple[tuple[Callable[[Contract], bool], str], ...] = (
    (lambda c: c.client_suspended, "its client was suspended"),
    (lambda c: c.feedback_removed, "its feedback was removed"),
    (lambda c: c.may_be_open, "it is still open"),
    (lambda c: effective_earnings(c) == 0, "it earned $0 and no poor feedback came with it"),
    (lambda c: c.feedback is FeedbackStatus.PENDING, "its feedback is not in yet"),
    (lambda c: c.feedback is FeedbackStatus.NONE, "it ended without feedback"),
)


def not_counted(contract: Contract) -> str:
    """Why `contract`, read as excluded, does not count, in a few words."""
    return next((words for holds, words in _NOT_COUNTED if holds(contract)), "it is excluded")
