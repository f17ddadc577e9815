"""When each piece of advice applies: one small named predicate over the facts of an answer.

The catalogue (advice/catalogue.py) names these; a reviewer reads a condition's name
there and its few lines here.
"""

from __future__ import annotations

from collections.abc import Callable

from advice.baseline import BaselineSource
from advice.facts import Facts
from advice.outcomes import BEST, LIKELY, effective_earnings
from advice.rulesets import PERK_PHASED_OUT
from advice.situation import FeedbackStatus, Intent, QuestionKind, Sentiment
from advice.tables import PERK_BADGES, TARGET_JSS, Kind

Condition = Callable[[Facts], bool]


def always(f: Facts) -> bool:
    return True


def threat(f: Facts) -> bool:
    ev = f.situation.events
    return ev.threat_of_bad_feedback or ev.unpaid_scope_demand


def scope_demand(f: Facts) -> bool:
    return f.situation.events.unpaid_scope_demand


def off_platform(f: Facts) -> bool:
    return f.situation.events.off_platform_offer


def money_held(f: Facts) -> bool:
    """Funds exist to ask for: a funded milestone not released, or a contract in dispute.
    An unfunded milestone holds nothing to dispute."""
    disputed = f.question is not None and f.question.disputed
    return f.situation.events.milestone_unreleased or disputed


def question_zero(f: Facts) -> bool:
    return f.question is not None and effective_earnings(f.question) == 0


def no_feedback_rule(f: Facts) -> bool:
    q = f.question
    ending = q is not None and (q.may_be_open or q.feedback is not FeedbackStatus.GIVEN)
    return ending or any(c.feedback is FeedbackStatus.NONE for c in f.situation.contracts)


def dormant(f: Facts) -> bool:
    """A contract gone quiet, or the member asks how long one may sit quiet."""
    asked = Intent.DORMANT in f.situation.intents
    return asked or any(v.dormant_days is not None for v in f.views)


def _likely_bad(f: Facts) -> bool:
    """The contract in question likely reads badly, now or by the feedback foreseen."""
    view, q = f.q_view, f.question
    foreseen = q is not None and q.expected in (Sentiment.NEGATIVE, Sentiment.NEUTRAL)
    return foreseen or (view is not None and view.kinds[LIKELY] in (Kind.NEGATIVE, Kind.NEUTRAL))


def good_open_first(f: Facts) -> bool:
    others = any(
        v.open_active and v is not f.q_view and v.kinds[BEST] is Kind.POSITIVE for v in f.views
    )
    return others and (threat(f) or _likely_bad(f))


def perk_asked(f: Facts) -> bool:
    asked = {Intent.USE_PERK, Intent.REMOVE_FEEDBACK} & set(f.situation.intents)
    return bool(asked) or f.situation.freelancer.perk_last_used is not None


def perk_era(f: Facts) -> bool:
    """The perk is worth naming: asked about, or a Top Rated member's contract would cost
    them at least a point."""
    if perk_asked(f):
        return True
    costly = f.estimate_change is not None and f.estimate_change <= -1
    return f.situation.freelancer.badge in PERK_BADGES and costly


def perk_gone(f: Facts) -> bool:
    return f.as_of >= PERK_PHASED_OUT and perk_asked(f)


def thin_history(f: Facts) -> bool:
    """Too few outcomes or clients for a score, by the listed contracts alone."""
    if f.baseline.source is BaselineSource.STATED:
        return False
    window = f.windows[0] if f.windows else None
    clients = window.clients if window is not None else 0
    return not f.figures.shown or clients <= f.ruleset.min_clients


def vetting(f: Facts) -> bool:
    ev = f.situation.events
    risky = ev.client_unresponsive or ev.milestone_unfunded or ev.client_unverified
    return threat(f) or risky or _likely_bad(f)


def feedback_to_come(f: Facts) -> bool:
    q = f.question
    return q is not None and (q.may_be_open or q.feedback is FeedbackStatus.PENDING)


def refund_relevant(f: Facts) -> bool:
    q = f.question
    if q is None:
        return False
    asked = Intent.REFUND in f.situation.intents
    return asked or q.refunded or (threat(f) and effective_earnings(q) != 0)


def badge_at_risk(f: Facts) -> bool:
    holds = f.situation.freelancer.badge in PERK_BADGES
    worst = f.figures.worst
    # At the line is at risk too: one more negative takes the badge.
    below = f.figures.shown and worst is not None and worst <= TARGET_JSS
    return (holds and (below or not f.figures.shown)) or (
        Intent.REACH_TOP_RATED in f.situation.intents
    )


def suspension_matters(f: Facts) -> bool:
    ev = f.situation.events
    anyone = any(c.client_suspended for c in f.situation.contracts)
    return anyone or ev.client_reinstated or ev.threat_of_bad_feedback


def drop_to_explain(f: Facts) -> bool:
    return f.kind is QuestionKind.DIAGNOSIS or f.baseline.drop is not None


def way_back(f: Facts) -> bool:
    """A way back to name: the member asks for one, or a negative weighs on their score."""
    below = f.figures.likely is not None and f.figures.likely < TARGET_JSS
    if f.kind is QuestionKind.ELIGIBILITY and below:
        return True  # "when do I get Top Rated?" at 89%: the way to 90% is the answer
    return f.kind is QuestionKind.RECOVERY or (
        bool(f.derived.negatives_leave) and (below or f.baseline.drop is not None)
    )


def bad_public_review(f: Facts) -> bool:
    return any(c.stars is not None and c.stars < 4.5 for c in f.situation.contracts)


def risky_to_end(f: Facts) -> bool:
    """The contract in question is open, ending it may count against the member, and ending
    it is on the table: they ask about it, or it is a $0, dormant or threatened contract."""
    q, view = f.question, f.q_view
    if q is None or view is None or not q.may_be_open:
        return False
    end_now = f.scenarios.get("end-now-feedback")
    current = f.baseline.shown_jss if f.baseline.shown_jss is not None else f.figures.likely
    ending_hurts = (
        end_now is not None
        and end_now.worst is not None
        and current is not None
        and end_now.worst < current
    )
    on_the_table = (
        bool({Intent.END_CONTRACT, Intent.DORMANT} & set(f.situation.intents))
        or question_zero(f)
        or view.dormant_days is not None
        or threat(f)
    )
    return ending_hurts and on_the_table


def little_to_lose(f: Facts) -> bool:
    """The member asks what it does, and whatever they do it moves the score a point at most."""
    start = f.baseline.shown_jss
    if f.kind is not QuestionKind.IMPACT or not f.situation.contracts or start is None:
        return False
    worsts = [f.figures.worst] + [s.worst for s in f.scenarios.values() if s.available]
    change = f.estimate_change
    return (
        change is not None
        and abs(change) <= 1
        and all(w is not None and w >= start - 1 for w in worsts)
    )
