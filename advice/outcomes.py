"""Outcome of one contract under one rule set (JSS_MODEL section 2).

Each contract becomes a `View`: how it counts in the best, likely and worst
case, with the weight that goes with each reading. Unknowns (pending feedback,
unknown earnings, dormancy) are what separate the three readings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from advice.answer import MissingFact
from advice.askable import ask
from advice.plain import PlainContract
from advice.rulesets import RuleSet
from advice.situation import Contract, FeedbackStatus, Sentiment, Status
from advice.tables import (
    DORMANT_LIKELY_COUNTS_DAYS,
    DORMANT_MAY_COUNT_DAYS,
    LONG_TERM_MIN_DAYS,
    NPS_BANDS,
    REGULAR_PAYMENT_DAYS,
    STAR_BANDS,
    ZERO_NEGATIVE_WEIGHT,
    Kind,
)
from advice.weights import WeightRange, weight_range

BEST, LIKELY, WORST = 0, 1, 2

Triple = tuple[Kind, Kind, Kind]

# Enum members read once: looking one up on its class is slow on Python 3.11, and
# every contract of every answer is read here.
_POSITIVE, _NEUTRAL, _EXCLUDED, _NEGATIVE = (
    Kind.POSITIVE,
    Kind.NEUTRAL,
    Kind.EXCLUDED,
    Kind.NEGATIVE,
)
_OPEN, _UNKNOWN = Status.OPEN, Status.UNKNOWN
_GIVEN, _PENDING = FeedbackStatus.GIVEN, FeedbackStatus.PENDING

_POS: Triple = (_POSITIVE, _POSITIVE, _POSITIVE)
_NEG: Triple = (_NEGATIVE, _NEGATIVE, _NEGATIVE)
_EXCL: Triple = (_EXCLUDED, _EXCLUDED, _EXCLUDED)
_CONTENT_UNSAID: Triple = (_POSITIVE, _POSITIVE, _NEGATIVE)
_HURTS_WHEN_COMMON: Triple = (_EXCLUDED, _EXCLUDED, _NEGATIVE)
_CAN_CLOSE_WELL: Triple = (_POSITIVE, _EXCLUDED, _EXCLUDED)
_PAID_REGULARLY: Triple = (_POSITIVE, _POSITIVE, _EXCLUDED)
SENTIMENT_KIND = {
    Sentiment.POSITIVE: Kind.POSITIVE,
    Sentiment.NEUTRAL: Kind.NEUTRAL,
    Sentiment.NEGATIVE: Kind.NEGATIVE,
}


@dataclass(slots=True)
class RankedFact:
    """A missing fact with how much the answer would move (in jobs of weight)."""

    fact: MissingFact
    impact: float


@dataclass(slots=True)
class View:
    """One contract as the estimate sees it."""

    index: int
    client: str
    ref: date
    kinds: Triple
    weights: tuple[float, float, float]
    reason: str
    private_unknown: bool = False
    zero: bool = False
    dormant_days: int | None = None
    idle_since: date | None = None
    open_active: bool = False
    weight: WeightRange | None = None
    missing: list[RankedFact] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Context:
    """Facts about the whole situation that change how one contract reads."""

    ruleset: RuleSet
    as_of: date
    threat: bool
    client_silent: bool = False
    """The client of the contract in question has gone silent."""


def _weights(kinds: Triple, rng: WeightRange, zero: bool) -> tuple[float, float, float]:
    """Pick, per reading, the weight that makes it best / likely / worst.

    A heavier positive raises S/T, a heavier negative or neutral lowers it, so
    the best case takes the high weight for positives and the low one otherwise.
    """
    b, li, wo = kinds
    if zero or rng.low == rng.high:
        w = ZERO_NEGATIVE_WEIGHT if zero else rng.low
        return (
            0.0 if b is _EXCLUDED else w,
            0.0 if li is _EXCLUDED else w,
            0.0 if wo is _EXCLUDED else w,
        )
    return (
        0.0 if b is _EXCLUDED else (rng.high if b is _POSITIVE else rng.low),
        0.0 if li is _EXCLUDED else rng.mid,
        0.0 if wo is _EXCLUDED else (rng.low if wo is _POSITIVE else rng.high),
    )


def _zero_rule(kinds: Triple, ruleset: RuleSet) -> Triple:
    """$0 contracts: since 2020-03 only a negative outcome counts."""
    if not ruleset.zero_earnings_excluded:
        return kinds
    b, li, w = (_EXCLUDED if k is _POSITIVE or k is _NEUTRAL else k for k in kinds)
    return b, li, w


# Every contract with feedback reads its stars; the same few values recur.
@lru_cache(maxsize=256)
def stars_kinds(stars: float) -> Triple:
    """How public stars read in best, likely and worst (the community's star bands)."""
    for band in STAR_BANDS:
        if stars >= band.min_stars:
            return band.best, band.likely, band.worst
    return _NEG


def _nps_kind(rating: int) -> Kind:
    for band in NPS_BANDS:
        if rating >= band.min_rating:
            return band.kind
    return Kind.NEGATIVE


# The NPS table unrolled per rating 0-10: read once per contract, so a lookup.
_NPS_KIND = tuple(_nps_kind(rating) for rating in range(11))


def rating_kind(rating: int) -> Kind:
    """How a private 0-10 rating reads (read like a Net Promoter Score)."""
    return _NPS_KIND[rating]


def _private_kind(contract: PlainContract) -> Kind | None:
    rating = contract.private_rating
    if rating is not None:
        return _NPS_KIND[rating]
    sentiment = contract.private_sentiment
    return None if sentiment is None else SENTIMENT_KIND[sentiment]


def _given(contract: PlainContract) -> tuple[Triple, bool, bool]:
    """Feedback given: (kinds, private unknown, nothing known). The worse side wins."""
    public = stars_kinds(contract.stars) if contract.stars is not None else None
    private = _private_kind(contract)
    if public is None and private is None:
        return _CONTENT_UNSAID, False, True
    if private is None:
        assert public is not None
        return public, True, False
    if public is None:
        return (private, private, private), False, False
    b, li, w = (min(k, private) for k in public)
    return (b, li, w), False, False


def _pending(contract: PlainContract, zero: bool, ctx: Context) -> Triple:
    """Feedback still to come: best positive, worst negative, likely what is expected; from
    a client gone silent (or a contract long without payment), likely none at all."""
    likely = _POSITIVE
    idle = contract.last_payment is not None and (
        (ctx.as_of - contract.last_payment).days >= DORMANT_MAY_COUNT_DAYS
    )
    if contract.expected is not None:
        likely = SENTIMENT_KIND[contract.expected]
    elif contract.disputed or (contract.in_question and ctx.threat):
        likely = _NEGATIVE
    elif idle or (contract.in_question and ctx.client_silent):
        likely = _no_feedback(zero, ctx)[LIKELY]
    return _POSITIVE, likely, _NEGATIVE


def _no_feedback(zero: bool, ctx: Context) -> Triple:
    """Ended without feedback, per era."""
    rs = ctx.ruleset
    if zero:
        return _EXCL if rs.zero_earnings_excluded else _NEG
    if rs.no_feedback_excluded:
        return _EXCL
    # Before 2020-11-08 they "hurt when common". How common was never said, and
    # a share-based switch would make one more good contract flip others to
    # excluded (and a score vanish), so only the worst reading counts them.
    return _HURTS_WHEN_COMMON


def _ended(contract: PlainContract, zero: bool, ctx: Context) -> tuple[Triple, str, bool, bool]:
    """(kinds, reason, private unknown, feedback unknown) of an ended contract."""
    status = contract.feedback
    if status is _GIVEN:
        kinds, private_unknown, unknown = _given(contract)
        reason = "feedback given" if not unknown else "feedback given, content not said"
    elif status is _PENDING:
        kinds, private_unknown, unknown = _pending(contract, zero, ctx), False, False
        reason = "feedback pending"
    else:
        return _no_feedback(zero, ctx), "ended without feedback", False, False
    if zero:
        kinds = _zero_rule(kinds, ctx.ruleset)
        reason += ", $0 earned"
    return kinds, reason, private_unknown and not zero, unknown


def _open(
    contract: PlainContract, zero: bool, ctx: Context
) -> tuple[Triple, str, int | None, bool]:
    """(kinds, reason, days without payment when dormant, active long-term) of an open one."""
    last = contract.last_payment or contract.start
    if last is None:
        if zero:
            return _EXCL, "open, no payment yet", None, False
        # Not known to be dormant: it can still be closed with good feedback.
        return _CAN_CLOSE_WELL, "open, dates unknown", None, True
    idle = (ctx.as_of - last).days
    if idle >= DORMANT_MAY_COUNT_DAYS:
        eventual = _no_feedback(zero, ctx)
        likely = eventual[LIKELY] if idle >= DORMANT_LIKELY_COUNTS_DAYS else _EXCLUDED
        kinds = (_EXCLUDED, likely, _NEGATIVE)
        return kinds, f"open, dormant {idle} days", idle, False
    if zero:
        return _EXCL, "open, no payment yet", None, False
    age = (ctx.as_of - contract.start).days if contract.start else 0
    long_term = age >= LONG_TERM_MIN_DAYS or (contract.paid_months or 0) >= 3
    if idle < REGULAR_PAYMENT_DAYS and long_term:
        return _PAID_REGULARLY, "open, paid regularly", None, True
    return _CAN_CLOSE_WELL, "open, not long-term yet", None, True


def effective_earnings(contract: Contract | PlainContract) -> float | None:
    """Earnings after a refund: a full refund makes the contract a $0 one."""
    return 0.0 if contract.refunded else contract.earnings


STATE_UNKNOWN_IMPACT = 4.0
"""Whether a contract is still open decides which actions exist at all: asked first."""


def _either_state(index: int, contract: PlainContract, ctx: Context) -> View:
    """A contract whose state was not said, read both ways: its best and worst readings are
    the kinder and the harsher of open and ended, its likely one that of ended (what it
    comes to), and the first question is which it is."""
    as_open = classify(index, contract.changed(status=Status.OPEN), ctx)
    as_ended = classify(index, contract.changed(status=Status.ENDED), ctx)
    best = max((as_open, as_ended), key=lambda v: v.kinds[BEST])
    worst = min((as_open, as_ended), key=lambda v: v.kinds[WORST])
    view = replace(
        as_ended,
        kinds=(best.kinds[BEST], as_ended.kinds[LIKELY], worst.kinds[WORST]),
        weights=(best.weights[BEST], as_ended.weights[LIKELY], worst.weights[WORST]),
        reason="open or ended: not said",
        dormant_days=as_open.dormant_days,
        idle_since=as_open.idle_since,
        open_active=as_open.open_active,
        missing=[*as_ended.missing],
    )
    if view.kinds != _EXCL:
        question = ask(f"contract-{index + 1}-status", in_question=contract.in_question)
        view.missing.insert(0, RankedFact(question, STATE_UNKNOWN_IMPACT))
    return view


def classify(index: int, contract: PlainContract, ctx: Context) -> View:
    """How `contract` counts under `ctx.ruleset` on `ctx.as_of`."""
    status = contract.status
    if status is _UNKNOWN:
        return _either_state(index, contract, ctx)
    earnings = 0.0 if contract.refunded else contract.earnings
    zero = earnings == 0
    ref = contract.end or contract.last_payment or contract.start or ctx.as_of
    if contract.client_suspended or contract.feedback_removed:
        why = "client suspended" if contract.client_suspended else "feedback removed"
        return View(index, contract.client, ref, _EXCL, (0.0, 0.0, 0.0), why, zero=zero)
    dormant: int | None = None
    idle_since: date | None = None
    active = False
    private_unknown = feedback_unknown = False
    is_open = status is _OPEN
    if is_open:
        kinds, reason, dormant, active = _open(contract, zero, ctx)
        ref = contract.last_payment or contract.start or ctx.as_of
        if dormant is not None:
            idle_since = ref
            # A dormant contract that starts to count is dated from when it may
            # first have counted, not from its last payment: it enters the
            # short windows too, and one idle for years has left them all.
            ref = min(ctx.as_of, ref + timedelta(days=DORMANT_MAY_COUNT_DAYS))
    else:
        kinds, reason, private_unknown, feedback_unknown = _ended(contract, zero, ctx)
    rng = weight_range(contract, earnings, ctx.ruleset)
    view = View(
        index,
        contract.client,
        ref,
        kinds,
        _weights(kinds, rng, zero),
        reason,
        private_unknown,
        zero,
        dormant,
        idle_since,
        active,
        rng,
    )
    # Most contracts leave nothing to ask; skip the question-building then.
    undated = contract.last_payment is None and (is_open or contract.end is None)
    if feedback_unknown or undated or contract.in_question or contract.earnings is None:
        _collect_missing(view, contract, rng, feedback_unknown, ctx)
    return view


def _collect_missing(
    view: View, contract: PlainContract, rng: WeightRange, feedback_unknown: bool, ctx: Context
) -> None:
    """Questions whose answer would move this contract's reading, weighted by how much."""
    if view.kinds == _EXCL:
        return
    n = view.index + 1

    def asks(field: str, impact: float) -> None:
        key = f"contract-{n}-{field}"
        view.missing.append(RankedFact(ask(key, in_question=contract.in_question), impact))

    if contract.earnings is None and ctx.ruleset.earnings_weighting and not contract.refunded:
        asks("earnings", rng.high - rng.low)
    if feedback_unknown:
        asks("feedback", 2 * rng.high)
    pending = contract.feedback is _PENDING
    if contract.in_question and pending and contract.expected is None:
        asks("expected", 2 * rng.high + 0.5)
    if not contract.may_be_open and contract.end is None and contract.last_payment is None:
        asks("end", rng.mid)
    if contract.is_open and contract.last_payment is None and not view.zero:
        asks("last-payment", rng.mid)
