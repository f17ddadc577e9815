"""The advice catalogue: one row per piece of advice, ranked per situation.

Each row names its source label and reference, the condition under which it
applies (a small named predicate below) and a `why` template filled with the
facts of this situation (see `advice.facts`). A reviewer can read the whole
catalogue off `CATALOGUE` without following any branch of code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from advice.answer import AdviceItem, SourceLabel
from advice.facts import Facts
from advice.outcomes import LIKELY, effective_earnings
from advice.rulesets import PERK_PHASED_OUT
from advice.situation import FeedbackStatus, Intent
from advice.tables import PERK_BADGES, TARGET_JSS, Kind

Condition = Callable[[Facts], bool]

INTENT_BOOST = 15
"""Extra rank for advice about what the member explicitly asked."""


@dataclass(frozen=True, slots=True)
class AdviceSpec:
    id: str
    title: str
    source: SourceLabel
    reference: str
    applies: Condition
    why: str
    priority: int
    intents: frozenset[Intent] = frozenset()


# --- Conditions: one small named predicate each -----------------------------


def always(f: Facts) -> bool:
    return True


def threat(f: Facts) -> bool:
    ev = f.situation.events
    return ev.threat_of_bad_feedback or ev.unpaid_scope_demand


def scope_demand(f: Facts) -> bool:
    return f.situation.events.unpaid_scope_demand


def money_stuck(f: Facts) -> bool:
    ev = f.situation.events
    disputed = f.question is not None and f.question.disputed
    return ev.milestone_unfunded or ev.milestone_unreleased or disputed


def question_zero(f: Facts) -> bool:
    return f.question is not None and effective_earnings(f.question) == 0


def no_feedback_rule(f: Facts) -> bool:
    if not f.ruleset.no_feedback_excluded:
        return False
    q = f.question
    ending = q is not None and (q.is_open or q.feedback is not FeedbackStatus.GIVEN)
    return ending or any(c.feedback is FeedbackStatus.NONE for c in f.situation.contracts)


def dormant(f: Facts) -> bool:
    return any(v.dormant_days is not None for v in f.views)


def _question_at_risk(f: Facts) -> bool:
    q, view = f.question, f.q_view
    if q is None or view is None:
        return False
    return threat(f) or q.disputed or view.kinds[LIKELY] in (Kind.NEGATIVE, Kind.NEUTRAL)


def good_open_first(f: Facts) -> bool:
    others = any(
        v.open_active and v is not f.q_view and v.kinds[0] is Kind.POSITIVE for v in f.views
    )
    return others and _question_at_risk(f)


def _perk_asked(f: Facts) -> bool:
    asked = {Intent.USE_PERK, Intent.REMOVE_FEEDBACK} & set(f.situation.intents)
    return bool(asked) or f.situation.freelancer.perk_last_used is not None


def perk_era(f: Facts) -> bool:
    if not f.ruleset.perk_available:
        return False
    return f.situation.freelancer.badge in PERK_BADGES or _perk_asked(f)


def perk_gone(f: Facts) -> bool:
    return not f.ruleset.perk_available and f.as_of >= PERK_PHASED_OUT and _perk_asked(f)


def thin_history(f: Facts) -> bool:
    window = f.text["c24"]
    return not f.figures.shown or int(window) <= f.ruleset.min_clients


def vetting(f: Facts) -> bool:
    ev = f.situation.events
    return threat(f) or ev.client_unresponsive or ev.milestone_unfunded or _question_at_risk(f)


def feedback_to_come(f: Facts) -> bool:
    q = f.question
    return q is not None and (q.is_open or q.feedback is FeedbackStatus.PENDING)


def refund_relevant(f: Facts) -> bool:
    q = f.question
    if q is None:
        return False
    asked = Intent.REFUND in f.situation.intents
    return asked or q.refunded or (threat(f) and effective_earnings(q) != 0)


def negatives_present(f: Facts) -> bool:
    return bool(f.derived["negatives_leave"]) or Intent.RECOVER in f.situation.intents


def badge_at_risk(f: Facts) -> bool:
    holds = f.situation.freelancer.badge in PERK_BADGES
    worst = f.figures.worst
    below = f.figures.shown and worst is not None and worst < TARGET_JSS
    return (holds and (below or not f.figures.shown)) or (
        Intent.REACH_TOP_RATED in f.situation.intents
    )


def suspension_matters(f: Facts) -> bool:
    ev = f.situation.events
    anyone = any(c.client_suspended for c in f.situation.contracts)
    return anyone or ev.client_reinstated or ev.threat_of_bad_feedback


# --- The catalogue ----------------------------------------------------------

_TOS = "Upwork Terms of Service; Help Center 'Feedback Removal'"
_JSS = "Help Center 'Job Success Score' (34958134307475)"
_FACTORS = "Help Center 'What factors affect my Job Success Score' (38439816969875)"

CATALOGUE: tuple[AdviceSpec, ...] = (
    AdviceSpec(
        "report-extortion",
        "Report the threat to Upwork support",
        SourceLabel.OFFICIAL,
        _TOS,
        threat,
        "{q_client} {threat} on {q}: that is feedback manipulation. Report it to support; "
        "if the client is suspended their feedback does not count (up to {report_best}; "
        "likely {end_likely} if it counts).",
        100,
        frozenset({Intent.REMOVE_FEEDBACK, Intent.END_CONTRACT}),
    ),
    AdviceSpec(
        "evidence-in-writing",
        "Keep the evidence in Upwork messages",
        SourceLabel.OFFICIAL,
        _TOS,
        threat,
        "What {q_client} {threat} is {evidence}. Keep it in Upwork messages and take "
        "screenshots; a threat made only on a call is hard to prove, so steer the talk back "
        "to Upwork messages before the feedback window closes {fb_close}.",
        95,
    ),
    AdviceSpec(
        "min-history",
        "A score needs enough outcomes and clients",
        SourceLabel.OFFICIAL,
        "Help Center 'Why did my JSS disappear' (38437621837203)",
        thin_history,
        "Under the {era} rules a window needs {min_outcomes} counted outcomes from "
        "{min_clients} distinct clients; your 24-month window has {n24} from {c24} "
        "client(s), so {shown_text}.",
        90,
    ),
    AdviceSpec(
        "dispute-get-paid",
        "Get paid through the dispute process",
        SourceLabel.OFFICIAL,
        _FACTORS,
        money_stuck,
        "{milestone} on {q} ({q_earnings} earned so far): ask for the funds through Upwork's "
        "dispute process; in practice the score reflects the feedback the client leaves, "
        "not the dispute itself.",
        85,
        frozenset({Intent.DISPUTE}),
    ),
    AdviceSpec(
        "scope-change-new-milestone",
        "Put extra scope in a new funded milestone",
        SourceLabel.COMMUNITY,
        "Community forum advice on scope changes",
        scope_demand,
        "{q_client} wants work beyond the agreed scope of {q}: offer it as a new funded "
        "milestone; unpaid work for a review is feedback manipulation and earns nothing.",
        80,
    ),
    AdviceSpec(
        "dormant-contract",
        "Close or revive dormant contracts",
        SourceLabel.COMMUNITY,
        "Community forum threads on dormant contracts",
        dormant,
        "{dormant}. The waiting period is not published (community guess: 3-6 months); "
        "end it or ask for a small payment. Updates come {cadence}; next: {next_update}.",
        78,
        frozenset({Intent.DORMANT}),
    ),
    AdviceSpec(
        "zero-earnings-weight",
        "A $0 contract can only count against you",
        SourceLabel.OFFICIAL,
        "Upwork Community 'Job size will now be factored into your JSS' (2020)",
        question_zero,
        "{q} has $0 earned: under the {era} rules only negative feedback makes it count, "
        "as 1 job against {t24} jobs of weight in your 24-month window (worst {end_worst} "
        "if it ends with negative feedback, likely {end_likely}).",
        75,
    ),
    AdviceSpec(
        "refund-effect",
        "What a refund does",
        SourceLabel.OFFICIAL,
        _FACTORS,
        refund_relevant,
        "A full refund of {q_earnings} makes {q} a $0 contract: only negative feedback would "
        "count, as 1 job instead of {q_weight} (likely {refund_likely}). Refunding in exchange "
        "for good feedback is feedback manipulation.",
        72,
        frozenset({Intent.REFUND}),
    ),
    AdviceSpec(
        "perk-eligibility",
        "Top Rated perk: eligibility",
        SourceLabel.OLD_OFFICIAL,
        "Help Center 'Top Rated Perk: Feedback Removal' (219801228)",
        perk_era,
        "Under the {era} rules Top Rated freelancers could remove one ended contract every "
        "3 months, after 10 completed contracts since the last use; for you ({badge}): "
        "{perk_notes}.",
        70,
        frozenset({Intent.USE_PERK, Intent.REMOVE_FEEDBACK}),
    ),
    AdviceSpec(
        "perk-phased-out",
        "The feedback-removal perk no longer exists",
        SourceLabel.OFFICIAL,
        "Upwork Community 'Update to our talent reputation system' (2024)",
        perk_gone,
        "As of {as_of} the Top Rated feedback-removal perk is gone (phased out 2024-09-03); "
        "feedback on {q} can only be removed if it violates the Terms of Service "
        "(Report feedback, once, decided in about a week).",
        70,
        frozenset({Intent.USE_PERK, Intent.REMOVE_FEEDBACK}),
    ),
    AdviceSpec(
        "badge-risk",
        "Top Rated depends on the 90% line",
        SourceLabel.OFFICIAL,
        "Help Center 'Top Rated' (211068468)",
        badge_at_risk,
        "Top Rated needs 90% or more now and in 13 of the last 16 weeks plus $1,000 in 12 "
        "months; your likely {likely} (worst {worst}) {line_status}; 12-month earnings about "
        "{earn12}.",
        68,
        frozenset({Intent.REACH_TOP_RATED}),
    ),
    AdviceSpec(
        "close-good-contracts-first",
        "Close your good contracts first",
        SourceLabel.COMMUNITY,
        "Community forum advice on ending contracts",
        good_open_first,
        "You have {good_open}; closing them with positive feedback before {q} ends makes up "
        "to {good_weight} jobs of positive weight count (likely {close_likely} instead of "
        "{end_likely}).",
        65,
        frozenset({Intent.END_CONTRACT}),
    ),
    AdviceSpec(
        "no-feedback-excluded",
        "No feedback means the contract does not count",
        SourceLabel.OFFICIAL,
        "Upwork Community 'No-feedback contracts no longer impact JSS' (2020)",
        no_feedback_rule,
        "Since 2020-11-08 a contract that ends without feedback is excluded: if {q_client} "
        "leaves none, {q} does not count (likely {nofb_likely}); you have {nofb}.",
        60,
        frozenset({Intent.END_CONTRACT}),
    ),
    AdviceSpec(
        "who-leaves-feedback",
        "Who is asked for feedback",
        SourceLabel.OFFICIAL,
        "Help Center 'Leave feedback for your freelancer' (211062188)",
        feedback_to_come,
        "The party that ends the contract is prompted for feedback; the other is not required "
        "to leave any. {q_client} has {fb_until}, and feedback stays hidden until both "
        "submit.",
        55,
        frozenset({Intent.END_CONTRACT}),
    ),
    AdviceSpec(
        "window-recovery",
        "Negatives leave the windows with time",
        SourceLabel.DERIVED,
        _JSS,
        negatives_present,
        "Under the {era} rules {neg}. To reach 90% you need {to90}.",
        45,
        frozenset({Intent.RECOVER}),
    ),
    AdviceSpec(
        "suspended-client-excluded",
        "A suspended client's feedback does not count",
        SourceLabel.OFFICIAL,
        _FACTORS,
        suspension_matters,
        "Feedback from clients suspended or flagged for Terms of Service violations is "
        "excluded without notice (suspended here: {suspended}); if {q_client} is suspended, "
        "{q} drops out (likely {report_likely}).",
        40,
    ),
    AdviceSpec(
        "client-vetting",
        "Vet clients before the next contract",
        SourceLabel.COMMUNITY,
        "Community forum advice on client vetting",
        vetting,
        "{q} reads as {q_reading} for now; before the next contract check the client's "
        "payment verification, hire rate and the feedback they give other freelancers.",
        30,
    ),
    AdviceSpec(
        "check-insights-page",
        "Check Upwork's own figures",
        SourceLabel.OFFICIAL,
        "Help Center 'Job Success insights' (32389629156755)",
        always,
        "Upwork does not publish the formula: this estimate (likely {likely}, range {worst} "
        "to {best}) uses the {era} rules; the score updates {cadence} (next {next_update}). "
        "{authority}",
        10,
    ),
)


def rank_advice(facts: Facts) -> tuple[AdviceItem, ...]:
    """Advice that applies to these facts, most urgent first."""
    intents = set(facts.situation.intents)
    chosen: list[tuple[int, int, AdviceSpec]] = []
    for order, spec in enumerate(CATALOGUE):
        if spec.applies(facts):
            boost = INTENT_BOOST if spec.intents & intents else 0
            chosen.append((-(spec.priority + boost), order, spec))
    chosen.sort()
    return tuple(
        AdviceItem(s.id, s.title, s.why.format_map(facts.text), s.source, s.reference)
        for _, _, s in chosen
    )
