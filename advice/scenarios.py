"""What-if scenarios for the contract in question.

Every action is a small function that re-reads the contract in question (a
changed copy, classified by the same rules as every other contract) and adds
it to the board of all the other contracts. An action that is not open to the
member is still listed, with `available=False` and the reason, so the reply
can say "not an option, because ...".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from advice.answer import Scenario
from advice.basis import Basis
from advice.estimate import Board, Figures
from advice.outcomes import BEST, Context, View, classify, effective_earnings
from advice.perk import perk_blockers
from advice.plain import PlainContract
from advice.rulesets import Cadence, next_update
from advice.situation import FeedbackStatus, Intent, Situation, Status
from advice.tables import (
    DORMANT_LIKELY_COUNTS_DAYS,
    DORMANT_MAY_COUNT_DAYS,
    FEEDBACK_WINDOW_DAYS,
    REPORT_DECISION_DAYS,
    Kind,
)
from advice.windows import leaves_window
from advice.wording import money, pct, weight_of


@dataclass(slots=True)
class Plan:
    """Everything the scenarios read: the situation, its contract in question, and the
    basis of every other contract (and the unlisted history) the estimate reads from."""

    situation: Situation
    ctx: Context
    question: PlainContract
    view: View
    basis: Basis
    views: list[View]
    contracts: Sequence[PlainContract]
    """Every contract of the situation as the engine read it (the question's among them)."""
    _kept: tuple[View, Figures] | None = None
    _without: Figures | None = None

    @property
    def as_of(self) -> date:
        return self.ctx.as_of

    def read(self, contract: PlainContract, ctx: Context | None = None) -> View:
        """Classify a changed copy of the contract in question."""
        return classify(self.view.index, contract, ctx or self.ctx)

    def figures(self, contract: PlainContract) -> Figures:
        return self.basis.figures(self.read(contract))

    def kept(self) -> tuple[View, Figures]:
        """The reading of the contract once ended today (if still open) and its figures,
        shared by ending now, closing good contracts first, reporting and the perk."""
        if self._kept is None:
            q = self.question
            # An ended contract does not change: the estimate's own reading stands.
            view = self.read(_ended_now(q, self.as_of)) if q.may_be_open else self.view
            self._kept = (view, self.basis.figures(view))
        return self._kept

    def without(self) -> Figures:
        """Figures with the contract in question not counted (client suspended, feedback
        removed): every reading of it is excluded, so it is simply left off the board."""
        if self._without is None:
            self._without = self.basis.figures(None)
        return self._without


def _scenario(
    action: str,
    title: str,
    figures: Figures | None,
    notes: list[str],
    available: bool = True,
    lands_on: date | None = None,
) -> Scenario:
    if figures is None or not available:
        return Scenario(action, title, None, None, None, tuple(notes), available)
    return Scenario(
        action,
        title,
        figures.best,
        figures.likely,
        figures.worst,
        tuple(notes),
        available,
        lands_on,
    )


def _lands(plan: Plan, when: date) -> date | None:
    """The biweekly update an action taken on `when` shows in; None in the daily era,
    where every action shows the next day."""
    rs = plan.ctx.ruleset
    return None if rs.cadence is Cadence.DAILY else next_update(rs, when)


_ENDED_NOW: dict[str, Any] = {
    "status": Status.ENDED,
    "feedback": FeedbackStatus.PENDING,
    "stars": None,
    "private_rating": None,
    "private_sentiment": None,
}
"""What ending a contract today changes, besides its end date."""


def _ended_now(contract: PlainContract, as_of: date, **changes: Any) -> PlainContract:
    """The contract ended today with end-of-contract feedback still to come."""
    return contract.changed(**{**_ENDED_NOW, "end": as_of, **changes})


def _update_note(plan: Plan, when: date, what: str) -> str:
    rs = plan.ctx.ruleset
    landing = next_update(rs, when)
    if rs.cadence is Cadence.DAILY:
        return f"{what} shows in the daily update of {landing}"
    return f"{what} lands in the biweekly update of Sunday {landing}"


def _leave_note(ended: date, windows: tuple[int, ...]) -> str:
    dates = ", ".join(f"{m}-month window on {leaves_window(ended, m)}" for m in windows)
    return f"a negative ending {ended} leaves the {dates}"


def _if_open(contract: PlainContract) -> list[str]:
    """The note an action of an open contract carries when its state was not said."""
    return ["if it is still open"] if contract.status is Status.UNKNOWN else []


def if_ended(plan: Plan) -> Scenario:
    """The other branch of a contract whose state was not said: it has already ended."""
    q = plan.question
    title = "If it has already ended"
    if q.status is not Status.UNKNOWN:
        return _scenario("if-ended", title, None, ["its state was said"], False)
    ended = q.changed(status=Status.ENDED)
    notes = ["the client can leave feedback for 14 days after the end; this reads it as to come"]
    return _scenario("if-ended", title, plan.figures(ended), notes)


def _already_ended(contract: PlainContract) -> str:
    return f"already ended on {contract.end}" if contract.end else "it has already ended"


def end_now_feedback(plan: Plan) -> Scenario:
    q, as_of = plan.question, plan.as_of
    title = "End the contract now; the client leaves feedback"
    if not q.may_be_open:
        return _scenario("end-now-feedback", title, None, [_already_ended(q)], False)
    closes = as_of + timedelta(days=FEEDBACK_WINDOW_DAYS)
    notes = [
        *_if_open(q),
        f"feedback window closes on {closes}; feedback stays hidden until both sides "
        "submit or the window closes",
        _update_note(plan, as_of, "the ended contract"),
        _leave_note(as_of, plan.ctx.ruleset.windows),
    ]
    if effective_earnings(q) == 0:
        notes.append("$0 earned: only negative feedback counts, as 1 job")
    return _scenario("end-now-feedback", title, plan.kept()[1], notes, lands_on=_lands(plan, as_of))


def end_now_no_feedback(plan: Plan) -> Scenario:
    q, as_of, rs = plan.question, plan.as_of, plan.ctx.ruleset
    title = "End the contract now; no feedback is left"
    if not q.may_be_open:
        return _scenario("end-now-no-feedback", title, None, [_already_ended(q)], False)
    closes = as_of + timedelta(days=FEEDBACK_WINDOW_DAYS)
    rule = (
        "contracts ended without feedback are excluded (since 2020-11-08)"
        if rs.no_feedback_excluded
        else f"under the {rs.id} rules a contract without feedback can still count, badly"
    )
    notes = [
        *_if_open(q),
        rule,
        f"the client can still leave feedback until {closes}; this assumes none",
    ]
    contract = _ended_now(q, as_of, feedback=FeedbackStatus.NONE, expected=None)
    return _scenario(
        "end-now-no-feedback", title, plan.figures(contract), notes, lands_on=_lands(plan, as_of)
    )


def wait(plan: Plan) -> Scenario:
    q, as_of = plan.question, plan.as_of
    title = "Wait: keep the contract as it is"
    if not q.may_be_open:
        notes = []
        if q.feedback is FeedbackStatus.PENDING and q.end is not None:
            closes = q.end + timedelta(days=FEEDBACK_WINDOW_DAYS)
            notes.append(f"the client can leave feedback until {closes}")
        notes.append("nothing changes until the feedback arrives or the windows move on")
        return _scenario("wait", title, plan.basis.figures(plan.view), notes)
    still_open = q.changed(status=Status.OPEN)
    last = q.last_payment or q.start
    if last is None:
        notes = [
            *_if_open(q),
            "the last payment date is unknown, so when it may start to count is unknown",
        ]
        return _scenario("wait", title, plan.figures(still_open), notes)
    may = last + timedelta(days=DORMANT_MAY_COUNT_DAYS)
    likely = last + timedelta(days=DORMANT_LIKELY_COUNTS_DAYS)
    notes = [
        f"without a payment after {last}, it may start to count from about {may} "
        f"and most likely counts from about {likely} (community guess: 3-6 months)"
    ]
    later = max(as_of, likely)
    ctx = Context(plan.ctx.ruleset, later, plan.ctx.threat, plan.ctx.client_silent)
    notes[:0] = _if_open(q)
    view = plan.read(still_open, ctx)
    # Judged with today's windows: once it counts, it is the most recent outcome.
    view.ref = min(view.ref, as_of)
    figures = plan.basis.figures(view)
    if plan.ctx.ruleset.cadence is Cadence.BIWEEKLY_SUNDAY:
        notes.append(_update_note(plan, later, "counting as dormant"))
    return _scenario("wait", title, figures, notes, lands_on=_lands(plan, later))


def _good_open(plan: Plan) -> list[View]:
    return [
        v
        for v in plan.views
        if v.open_active and v.kinds[BEST] is Kind.POSITIVE and v.index != plan.view.index
    ]


def close_good_first(plan: Plan) -> Scenario:
    title = "Close your good open contracts first, then this one"
    good = _good_open(plan)
    if not good:
        return _scenario(
            "close-good-first", title, None, ["no other open contract in good standing"], False
        )
    # Read once, whatever the number of boards: a reading depends on the contract alone.
    closed = [
        classify(view.index, _ended_now(plan.contracts[view.index], plan.as_of), plan.ctx)
        for view in good
    ]

    def close_them(board: Board) -> None:
        for view, now_closed in zip(good, closed, strict=True):
            board.replace(view, now_closed)

    basis = plan.basis.changed(close_them)
    clients = ", ".join(sorted({v.client for v in good}))
    weight = sum(v.weights[BEST] for v in good)
    notes = [
        f"closing {len(good)} open contract(s) with {clients} first makes their positive "
        f"feedback count (up to {weight_of(weight)}) before this contract ends",
    ]
    if plan.ctx.ruleset.cadence is Cadence.BIWEEKLY_SUNDAY:
        notes.append(_update_note(plan, plan.as_of, "end them all before the same update; it"))
    figures = basis.figures(plan.kept()[0])
    return _scenario("close-good-first", title, figures, notes, lands_on=_lands(plan, plan.as_of))


def refund(plan: Plan) -> Scenario:
    q, as_of = plan.question, plan.as_of
    title = "Refund the client in full"
    earned = effective_earnings(q)
    if earned == 0:
        return _scenario("refund", title, None, ["nothing to refund: $0 earned"], False)
    contract = _ended_now(q, as_of, refunded=True) if q.may_be_open else q.changed(refunded=True)
    weight = plan.view.weight.mid if plan.view.weight else 1.0
    notes = [
        f"a full refund of {money(earned)} makes this a $0 contract: only negative "
        f"feedback counts, as 1 job instead of {weight:g}",
        "refunding in exchange for good feedback is feedback manipulation under the "
        "Terms of Service",
        _update_note(plan, as_of, "the refund"),
    ]
    return _scenario("refund", title, plan.figures(contract), notes, lands_on=_lands(plan, as_of))


def report_client(plan: Plan) -> Scenario:
    q, as_of, ev = plan.question, plan.as_of, plan.situation.events
    title = "Report the client to Upwork support"
    reportable = ev.threat_of_bad_feedback or ev.unpaid_scope_demand
    if not reportable and not q.client_suspended:
        note = "nothing to report: reporting is for Terms of Service violations"
        return _scenario("report-client", title, None, [note], False)
    counted = plan.kept()[1]
    suspended = plan.without()
    # Suspension is likely only when the threat can be shown in writing.
    likely = suspended.likely if ev.evidence_in_writing is True else counted.likely
    if likely is None:
        return _scenario("report-client", title, None, ["no score would show either way"])
    figures = Figures(
        counted.shown or suspended.shown,
        _pick(max, suspended.best, counted.best),
        likely,
        _pick(min, suspended.worst, counted.worst),
        counted.unweighted,
    )
    evidence = {True: "in writing", False: "not in writing", None: "not said"}
    notes = [
        f"if the client is suspended their feedback does not count: {pct(suspended.likely)} "
        f"instead of {pct(counted.likely)}",
        f"evidence: {evidence[ev.evidence_in_writing]}; decisions take about a week "
        f"(around {as_of + timedelta(days=REPORT_DECISION_DAYS)})",
        "feedback can be reported once",
    ]
    decided = _lands(plan, as_of + timedelta(days=REPORT_DECISION_DAYS))
    return _scenario("report-client", title, figures, notes, lands_on=decided)


def _pick(how: Callable[[float, float], float], a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return how(a, b)


def use_perk(plan: Plan) -> Scenario:
    q = plan.question
    title = "Use the Top Rated feedback-removal perk"
    blockers = perk_blockers(plan.ctx.ruleset, plan.situation.freelancer, plan.as_of)
    if blockers:
        return _scenario("use-perk", title, None, blockers, False)
    counted = plan.kept()[1]
    removed = plan.without()
    # The perk leaves the contract in place when removing it would lower the score.
    figures = Figures(
        True,
        _pick(max, removed.best, counted.best),
        _pick(max, removed.likely, counted.likely),
        _pick(max, removed.worst, counted.worst),
        counted.unweighted,
    )
    notes = ["if removing it would lower the score, the contract stays"]
    if q.may_be_open:
        notes.append("the perk applies to ended contracts: end it first")
    return _scenario("use-perk", title, figures, notes, lands_on=_lands(plan, plan.as_of))


ASKED_BY: dict[str, frozenset[Intent]] = {
    "end-now-feedback": frozenset({Intent.END_CONTRACT}),
    "end-now-no-feedback": frozenset({Intent.END_CONTRACT}),
    "wait": frozenset({Intent.DORMANT}),
    "close-good-first": frozenset({Intent.END_CONTRACT}),
    "refund": frozenset({Intent.REFUND}),
    "report-client": frozenset({Intent.REMOVE_FEEDBACK}),
    "use-perk": frozenset({Intent.USE_PERK, Intent.REMOVE_FEEDBACK}),
}
"""What a member asks that names each action: an action not open to them is said (with
why not) only when they asked about it."""


def asked_about(scenario: Scenario, intents: Iterable[Intent]) -> bool:
    """Whether the member asked about this action."""
    return bool(ASKED_BY.get(scenario.action, frozenset()) & set(intents))


ACTIONS: tuple[Callable[[Plan], Scenario], ...] = (
    if_ended,
    end_now_feedback,
    end_now_no_feedback,
    wait,
    close_good_first,
    refund,
    report_client,
    use_perk,
)
"""Scenario builders in the order the reply lists them; ids are stable."""


def build_scenarios(plan: Plan) -> tuple[Scenario, ...]:
    """All scenarios for the contract in question, available or not."""
    return tuple(action(plan) for action in ACTIONS)
