"""The advice engine's one entry point: `advise(situation) -> Answer`.

Pure: the same situation, date and rule set always give the same answer. The
steps are: pick the rule set, read every contract (`outcomes`), tally the
windows (`estimate`), try the actions open on the contract in question
(`scenarios`), work out the derived figures (`derived`), and rank the advice
that applies (`catalogue`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from advice.answer import Answer, Estimate, MissingFact, Scenario
from advice.catalogue import rank_advice
from advice.derived import build_derived
from advice.estimate import build_board, evaluate
from advice.facts import build_facts
from advice.outcomes import LIKELY, Context, RankedFact, View, classify, effective_earnings
from advice.rulesets import (
    PERK_PHASED_OUT,
    RULESETS,
    Cadence,
    NoRulesetError,
    RuleSet,
    get_ruleset,
    ruleset_for,
)
from advice.scenarios import Plan, build_scenarios
from advice.situation import Contract, FeedbackStatus, Intent, Situation, SituationError
from advice.tables import NO_FEEDBACK_COMMON_SHARE, PERK_BADGES, Kind
from advice.windows import window_results

_PERK_START = next(r.start for r in RULESETS if r.perk_available)
_PARSER_IMPACT = 1.0
"""The parser's own questions rank as if they could move one job of weight."""


def advise(
    situation: Situation,
    *,
    as_of: date | None = None,
    ruleset_id: str | None = None,
    missing: Sequence[MissingFact] = (),
) -> Answer:
    """Estimate, scenarios, derived figures and ranked advice for one situation.

    `as_of`: the argument, else `situation.as_of`; one of them is required (the
    engine never reads the clock: callers take today from theirs). `ruleset_id`
    forces a rule set (`UnknownRulesetError` if unknown); otherwise the one in
    force on `as_of`. `missing`: questions the parser already has; the engine
    adds its own, de-duplicated by key and ranked by how much they would move
    the answer. Raises `SituationError` for situations that cannot be true.
    """
    day = as_of or situation.as_of
    if day is None:
        raise ValueError("advise() needs an as-of date: pass as_of or set situation.as_of")
    _validate(situation, day)
    if ruleset_id is not None:
        rs = get_ruleset(ruleset_id)
    else:
        try:
            rs = ruleset_for(day)
        except NoRulesetError as error:
            raise SituationError([str(error)]) from None
    ctx = Context(rs, day, situation.events.threat_of_bad_feedback)
    views = [classify(i, c, ctx) for i, c in enumerate(situation.contracts)]
    # One pass finds the contract in question; its reading is the view at the same index.
    q_index = next((i for i, c in enumerate(situation.contracts) if c.in_question), None)
    question = None if q_index is None else situation.contracts[q_index]
    q_view = None if q_index is None else views[q_index]
    others = build_board((v for v in views if v is not q_view), rs, day)
    figures = evaluate(others, q_view)
    full = others.copy()
    if q_view is not None:
        full.add(q_view)
    windows = window_results(full.tallies[LIKELY], rs)
    scenarios: tuple[Scenario, ...] = ()
    if question is not None and q_view is not None:
        scenarios = build_scenarios(Plan(situation, ctx, question, q_view, others, views))
    derived = build_derived(situation, rs, day, views, full, figures)
    facts = build_facts(situation, rs, day, figures, scenarios, views, q_view, derived, windows)
    estimate = Estimate(
        figures.shown,
        figures.best,
        figures.likely,
        figures.worst,
        figures.unweighted,
        windows,
        _assumptions(situation, rs, day, views, ruleset_id is not None),
    )
    return Answer(
        ruleset=rs.id,
        as_of=day,
        situation=situation,
        missing=_missing(missing, views, situation, rs),
        estimate=estimate,
        scenarios=scenarios,
        advice=rank_advice(facts),
        derived=derived,
        caveat=_caveat(rs, day),
    )


def _validate(situation: Situation, day: date) -> None:
    """Engine-level checks the models cannot make: they depend on the as-of date."""
    problems: list[str] = []
    # The model already checked every contract date against its own as-of date.
    checked = situation.as_of is not None and situation.as_of <= day
    for n, contract in enumerate(() if checked else situation.contracts, start=1):
        for label, when in (
            ("starts", contract.start),
            ("ends", contract.end),
            ("was last paid", contract.last_payment),
        ):
            if when is not None and when > day:
                problems.append(f"contract {n} {label} on {when}, after the as-of date {day}")
    used = situation.freelancer.perk_last_used
    if used is not None:
        if used > day:
            problems.append(f"the perk was last used on {used}, after the as-of date {day}")
        if used < _PERK_START:
            problems.append(f"the perk was last used on {used}, before it existed ({_PERK_START})")
        if used >= PERK_PHASED_OUT:
            problems.append(
                f"the perk was last used on {used}, but it was phased out on {PERK_PHASED_OUT}"
            )
    if problems:
        raise SituationError(problems)


def _no_feedback_common(contracts: Sequence[Contract]) -> bool:
    """Whether paid contracts without feedback are common (named in old-era answers)."""
    ended = [c for c in contracts if not c.is_open]
    if not ended:
        return False
    silent = sum(
        1 for c in ended if c.feedback is FeedbackStatus.NONE and effective_earnings(c) != 0
    )
    return silent / len(ended) >= NO_FEEDBACK_COMMON_SHARE


def _engine_questions(situation: Situation, rs: RuleSet) -> Iterable[RankedFact]:
    """Questions about the freelancer and the events, when the answer hinges on them."""
    fl, ev, intents = situation.freelancer, situation.events, set(situation.intents)
    perk_asked = bool({Intent.USE_PERK, Intent.REMOVE_FEEDBACK} & intents)
    if fl.badge is None and (
        (rs.perk_available and perk_asked) or Intent.REACH_TOP_RATED in intents
    ):
        question = (
            "Are you Top Rated (or Top Rated Plus)? The perk and the badge advice depend on it."
        )
        yield RankedFact(MissingFact("badge", question), 1.5)
    perk_user = fl.badge in PERK_BADGES or fl.badge is None
    if rs.perk_available and perk_asked and perk_user and fl.completed_since_perk is None:
        question = (
            f"How many contracts have you completed since you last used the perk? "
            f"It needs {rs.perk_contracts_between}."
        )
        yield RankedFact(MissingFact("perk-completed", question), 1.25)
    if ev.threat_of_bad_feedback and ev.evidence_in_writing is None:
        question = "Is the threat in writing in Upwork messages, or was it said on a call?"
        yield RankedFact(MissingFact("evidence", question), 2.0)
    if situation.contracts and situation.in_question is None:
        question = "Which contract are you asking about?"
        yield RankedFact(MissingFact("in-question", question), 3.0)


def _missing(
    given: Sequence[MissingFact], views: Sequence[View], situation: Situation, rs: RuleSet
) -> tuple[MissingFact, ...]:
    """Parser questions plus the engine's, one per key, biggest effect on the answer first."""
    ranked: dict[str, RankedFact] = {}
    found = [RankedFact(fact, _PARSER_IMPACT) for fact in given]
    for view in views:
        found.extend(view.missing)
    found.extend(_engine_questions(situation, rs))
    for item in found:
        known = ranked.get(item.fact.key)
        if known is None:
            ranked[item.fact.key] = item
        else:
            known.impact = max(known.impact, item.impact)
    ordered = sorted(ranked.values(), key=lambda item: -item.impact)
    return tuple(item.fact for item in ordered)


def _assumptions(
    situation: Situation, rs: RuleSet, day: date, views: Sequence[View], forced: bool
) -> tuple[str, ...]:
    """Every assumption this estimate rests on, in words."""
    out = [
        "likely = S/T of the likely outcomes; worst = the lower of (S-N)/T and one hidden poor "
        "private rating; best and worst spread pending feedback and other unknowns",
    ]
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
    if not rs.no_feedback_excluded and _no_feedback_common(situation.contracts):
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


def _caveat(rs: RuleSet, day: date) -> str:
    where = "Job Success insights page" if rs.insights_page else "My Stats page"
    return (
        "Upwork does not publish the Job Success Score formula: this is an estimate under "
        f"the {rs.id} rules as of {day}, not the score Upwork will show. Check your {where}."
    )
