"""The concrete facts of one situation, as words the advice templates fill in.

The catalogue's `why` templates name amounts, dates and percentages of this
situation; this module computes them once per answer, so every template can
use any fact and no template is generic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from advice.answer import Scenario, WindowResult
from advice.baseline import Baseline
from advice.derived import Derived
from advice.diagnosis import causes, drop_reason
from advice.estimate import Figures
from advice.outcomes import BEST, LIKELY, View, effective_earnings
from advice.perk import perk_blockers
from advice.plain import PlainContract
from advice.rulesets import Cadence, RuleSet
from advice.situation import Contract, FeedbackStatus, QuestionKind, Situation
from advice.spread import Spread
from advice.tables import (
    DORMANT_LIKELY_COUNTS_DAYS,
    DORMANT_MAY_COUNT_DAYS,
    FEEDBACK_WINDOW_DAYS,
    TARGET_JSS,
    Kind,
)
from advice.wording import counted, drop_text, money, numbers, pct, recovery_text, weight_of


@dataclass(frozen=True, slots=True)
class Facts:
    """What the advice conditions and the headline read, and the words templates use."""

    situation: Situation
    ruleset: RuleSet
    as_of: date
    kind: QuestionKind
    figures: Figures
    baseline: Baseline
    spread: Spread
    scenarios: Mapping[str, Scenario]
    views: Sequence[View]
    windows: Sequence[WindowResult]
    question: Contract | None
    q_view: View | None
    derived: Derived
    text: Mapping[str, str]

    @property
    def estimate_change(self) -> float | None:
        """Likely points up or down from the score the answer starts from."""
        start, likely = self.baseline.shown_jss, self.figures.likely
        return None if start is None or likely is None else round(likely - start)


def _scenario_pct(scenarios: Mapping[str, Scenario], action: str, fallback: str) -> str:
    scenario = scenarios.get(action)
    if scenario is None or not scenario.available or scenario.likely is None:
        return fallback
    return pct(scenario.likely)


def _feedback_window(is_open: bool, end: date | None, as_of: date) -> dict[str, str]:
    """When the feedback window closes: a date once the end is known; while the contract
    is open, 14 days from its end, dated as if it ended today."""
    days = FEEDBACK_WINDOW_DAYS
    if not is_open and end is not None:
        closes = (end + timedelta(days=days)).isoformat()
        return {"fb_until": f"until {closes}", "fb_close": f"on {closes}"}
    if not is_open:
        return {
            "fb_until": f"{days} days from the day it ended",
            "fb_close": f"{days} days after it ended",
        }
    if_today = (as_of + timedelta(days=days)).isoformat()
    return {
        "fb_until": f"{days} days from the end ({if_today} if it ends today)",
        "fb_close": f"{days} days after the contract ends",
    }


def _question_text(q: Contract | None, view: View | None, as_of: date) -> dict[str, str]:
    if q is None or view is None:
        return {
            "q": "the contract in question",
            "q_client": "the client",
            "q_earnings": "an unknown amount",
            "q_weight": "1",
            **_feedback_window(True, None, as_of),
        }
    earned = effective_earnings(q)
    weight = view.weight.mid if view.weight is not None else 1.0
    return {
        # The member knows which contract they ask about; its label is the bot's letter.
        "q": "this contract" if earned is None else f"this {money(earned)} contract",
        "q_client": "the client",
        "q_earnings": money(earned),
        "q_weight": f"{weight:g}",
        **_feedback_window(q.may_be_open, q.end, as_of),
    }


DORMANT_NAMED = 3
"""Dormant contracts described one by one; the rest are counted."""


def _dormant_text(views: Sequence[View]) -> str:
    dormant = [v for v in views if v.dormant_days is not None and v.idle_since is not None]
    parts = []
    for v in dormant[:DORMANT_NAMED]:
        assert v.idle_since is not None
        may = v.idle_since + timedelta(days=DORMANT_MAY_COUNT_DAYS)
        likely = v.idle_since + timedelta(days=DORMANT_LIKELY_COUNTS_DAYS)
        parts.append(
            f"the open contract with {v.client} has gone {v.dormant_days} days without a "
            f"payment (since {v.idle_since}; may count from about {may}, likely from {likely})"
        )
    if len(dormant) > DORMANT_NAMED:
        parts.append(f"and {len(dormant) - DORMANT_NAMED} more dormant contract(s)")
    return "; ".join(parts) or "no open contract is dormant"


def _negative_text(derived: Derived) -> str:
    negatives = derived.negatives_leave
    if not negatives:
        return "no negative outcome is in your windows"
    first = negatives[0]
    leaves = ", ".join(f"the {m}-month window on {d}" for m, d in first.leaves.items())
    more = f" ({len(negatives) - 1} more listed)" if len(negatives) > 1 else ""
    return f"the negative from {first.client} (dated {first.ended}) leaves {leaves}{more}"


def _to90_text(derived: Derived) -> str:
    need = derived.to_90
    if need.weight == 0:
        return f"no more: the likely reading already reaches {TARGET_JSS}%"
    return (
        f"{weight_of(need.weight)} of positive feedback (about "
        f"{counted(need.jobs_over_1000, 'job')} over $1,000 or "
        f"{counted(need.jobs_up_to_250, 'job')} up to $250)"
    )


def _threat_text(situation: Situation) -> str:
    ev = situation.events
    if ev.threat_of_bad_feedback and ev.unpaid_scope_demand:
        return "threatened bad feedback unless you do unpaid extra work"
    if ev.threat_of_bad_feedback:
        return "threatened bad feedback"
    return "asked for unpaid extra work in exchange for a review"


def _milestone_text(situation: Situation, q: Contract | None) -> str:
    ev = situation.events
    if ev.milestone_unreleased:
        return "A milestone is unreleased"
    if ev.milestone_unfunded:
        return "Work was asked for on an unfunded milestone"
    if q is not None and q.disputed:
        return "The contract is in dispute"
    return "Payment is in question"


def _line_text(figures: Figures) -> str:
    if figures.likely is None:
        return "shows no score yet, so the badge cannot rest on it"
    below = figures.likely < TARGET_JSS
    worst_below = figures.worst is not None and figures.worst < TARGET_JSS
    if below:
        return f"is below the {TARGET_JSS}% line"
    if worst_below:
        return f"is at or above the {TARGET_JSS}% line, but the worst case falls below it"
    return f"stays at or above the {TARGET_JSS}% line"


def _extra_text(
    situation: Situation,
    ruleset: RuleSet,
    as_of: date,
    worked: Worked,
    window: WindowResult | None,
) -> dict[str, str]:
    """Words for the newer templates: counts, the drop, its causes, the perk in short."""
    figures = worked.figures
    n, c = (window.outcomes, window.clients) if window else (0, 0)
    blockers = perk_blockers(ruleset, situation.freelancer, as_of)
    leaving = worked.derived.negatives_leave
    six = leaving[0].leaves.get(6) if leaving else None
    pool = worked.baseline.pool
    return {
        "start": worked.baseline.label,
        "history": (
            f"{'' if round(pool.low) == 0 else 'about '}"
            f"{numbers(round(pool.low), round(pool.high))} jobs' weight"
            if pool is not None
            else "the contracts you listed"
        ),
        "n24_words": f"{counted(n, 'outcome')} from {counted(c, 'client')}",
        "drop_reason": drop_reason(worked.baseline, situation.freelancer.jobs),
        "causes": "; ".join(cause.words for cause in causes(situation, ruleset, worked.baseline)),
        "recover_window_sentence": (
            f"The negative leaves the 6-month window on {six}; once that window holds "
            f"{counted(ruleset.min_outcomes, 'job')} with {counted(ruleset.min_clients, 'client')} "
            "it can carry your "
            "score. "
            if six is not None
            else ""
        ),
        "perk_short": (
            f"keep it for later: {blockers[0]}"
            if blockers
            else "you could use it now, if removing this contract raises your score"
        ),
        "range": (
            f"from {pct(figures.worst)} to {pct(figures.best)}"
            if figures.best != figures.worst
            else "no spread"
        ),
    }


@dataclass(frozen=True, slots=True)
class Worked:
    """What the engine worked out before advice: the parts `build_facts` puts into words."""

    kind: QuestionKind
    figures: Figures
    baseline: Baseline
    spread: Spread
    scenarios: Sequence[Scenario]
    contracts: Sequence[PlainContract]
    """The situation's contracts as the engine read them (plain copies, same order)."""
    views: Sequence[View]
    q_view: View | None
    derived: Derived
    windows: Sequence[WindowResult]


def build_facts(situation: Situation, ruleset: RuleSet, as_of: date, worked: Worked) -> Facts:
    """Gather the facts and their wording once per answer."""
    figures, scenarios, views = worked.figures, worked.scenarios, worked.views
    q_view, derived, windows = worked.q_view, worked.derived, worked.windows
    q = situation.in_question
    by_action = {s.action: s for s in scenarios}
    window = windows[0] if windows else None  # the longest window
    # Enum members read once: looking one up on its class is slow on Python 3.11.
    positive, silent = Kind.POSITIVE, FeedbackStatus.NONE
    good = [v for v in views if v.open_active and v.kinds[BEST] is positive and v is not q_view]
    contracts = worked.contracts
    no_feedback = sum(1 for c in contracts if not c.is_open and c.feedback is silent)
    badge = derived.badge
    suspended = sorted({c.client for c in contracts if c.client_suspended})
    text = {
        "era": ruleset.id,
        "era_title": ruleset.title,
        "as_of": as_of.isoformat(),
        "likely": pct(figures.likely),
        "best": pct(figures.best),
        "worst": pct(figures.worst),
        "unweighted": pct(figures.unweighted),
        "t24_weight": weight_of(window.total if window else 0),
        "n24": str(window.outcomes) if window else "0",
        "c24": str(window.clients) if window else "0",
        "min_outcomes": str(ruleset.min_outcomes),
        "min_clients": str(ruleset.min_clients),
        "min_jobs": counted(ruleset.min_outcomes, "job"),
        "min_clients_words": counted(ruleset.min_clients, "client"),
        "shown_text": f"a score shows (likely {pct(figures.likely)})"
        if figures.shown
        else "no score shows yet (that is not 0%)",
        "end_likely": _scenario_pct(by_action, "end-now-feedback", pct(figures.likely)),
        "end_worst": pct(by_action["end-now-feedback"].worst)
        if "end-now-feedback" in by_action and by_action["end-now-feedback"].available
        else pct(figures.worst),
        "nofb_likely": _scenario_pct(by_action, "end-now-no-feedback", pct(figures.likely)),
        "report_likely": _scenario_pct(by_action, "report-client", pct(figures.likely)),
        "report_best": pct(by_action["report-client"].best)
        if "report-client" in by_action and by_action["report-client"].available
        else pct(figures.best),
        "refund_likely": _scenario_pct(by_action, "refund", "n/a"),
        "close_likely": _scenario_pct(by_action, "close-good-first", pct(figures.likely)),
        "evidence": {
            True: "in writing",
            False: "not in writing",
            None: "not said to be in writing",
        }[situation.events.evidence_in_writing],
        "threat": _threat_text(situation),
        "milestone": _milestone_text(situation, q),
        "dormant": _dormant_text(views),
        "good_open": f"{len(good)} other open contract(s) in good standing "
        f"({', '.join(sorted({v.client for v in good}))})",
        "good_weight": weight_of(sum(v.weights[BEST] for v in good)),
        "nofb": f"{counted(no_feedback, 'contract')} that ended without feedback",
        "suspended": ", ".join(suspended) or "none",
        "neg": _negative_text(derived),
        "to90": _to90_text(derived),
        "badge": badge.badge.value if badge.badge is not None else "not said",
        "line_status": _line_text(figures),
        "earn12": money(badge.earnings_12m) if badge.earnings_12m_known else "not known",
        "next_update": derived.next_update.isoformat(),
        "cadence": "daily" if ruleset.cadence is Cadence.DAILY else "every two weeks, on Sundays",
        "perk_notes": "; ".join(by_action["use-perk"].notes) if "use-perk" in by_action else "",
        "authority": "Your Job Success insights page lists the jobs included and excluded: "
        "it is the authority."
        if ruleset.insights_page
        else "Your My Stats page shows the score Upwork computed: it is the authority.",
        "q_reading": q_view.kinds[LIKELY].name.lower() if q_view else "unknown",
        **_question_text(q, q_view, as_of),
        **recovery_text(derived),
        **drop_text(worked.baseline),
        **_extra_text(situation, ruleset, as_of, worked, window),
    }
    return Facts(
        situation,
        ruleset,
        as_of,
        worked.kind,
        figures,
        worked.baseline,
        worked.spread,
        by_action,
        views,
        windows,
        q,
        q_view,
        derived,
        text,
    )
