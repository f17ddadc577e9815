"""The advice engine's one entry point: `advise(situation) -> Answer`.

Pure: the same situation, date and rule set always give the same answer. The
steps are: correct what cannot hold on the date, pick the rule set, read every
contract (`outcomes`), find what the estimate reads from (`basis`: the stated
score and the history behind it, or the listed contracts alone), try the actions
open on the contract in question (`scenarios`), work out the derived figures
(`derived`), rank the advice that applies (`catalogue`) and write the headline
that answers the question asked (`headline`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from advice.answer import Answer, Change, Estimate, MissingFact, Scenario
from advice.asking import follow_ups
from advice.assumptions import assumptions, caveat
from advice.baseline import Baseline, BaselineSource
from advice.basis import read_basis
from advice.catalogue import rank_advice
from advice.corrections import corrected
from advice.derived import build_derived
from advice.estimate import Board, Figures
from advice.facts import Worked, build_facts
from advice.headline import write_headline
from advice.kinds import ASKS_WHAT_IT_DOES, asks_about_its_end, question_kind
from advice.outcomes import LIKELY, Context, View, classify
from advice.plain import plain
from advice.rulesets import NoRulesetError, RuleSet, get_ruleset, ruleset_for
from advice.scenarios import Plan, build_scenarios
from advice.situation import Situation, SituationError
from advice.spread import spread_of
from advice.tables import UNWEIGHTED, WEIGHT_BANDS
from advice.targets import recovery
from advice.windows import window_results
from advice.wording import job_size


def advise(
    situation: Situation,
    *,
    as_of: date | None = None,
    ruleset_id: str | None = None,
    missing: Sequence[MissingFact] = (),
) -> Answer:
    """Estimate, scenarios, derived figures, ranked advice and the headline for a situation.

    `as_of`: the argument, else `situation.as_of`; one of them is required (the
    engine never reads the clock: callers take today from theirs). `ruleset_id`
    forces a rule set (`UnknownRulesetError` if unknown); otherwise the one in
    force on `as_of`. `missing`: questions the reader already has; the engine
    adds its own, one per key, the one that moves the answer most first. Facts
    that cannot hold on the date are dropped and said in `corrections`; contract
    dates after the as-of date raise `SituationError`.
    """
    day = as_of or situation.as_of
    if day is None:
        raise ValueError("advise() needs an as-of date: pass as_of or set situation.as_of")
    situation, corrections = corrected(situation, day)
    _validate(situation, day)
    rs = _ruleset(ruleset_id, day)
    kind = question_kind(situation)
    events = situation.events
    ctx = Context(rs, day, events.threat_of_bad_feedback, events.client_unresponsive)
    contracts = [plain(c) for c in situation.contracts]
    views = [classify(i, c, ctx) for i, c in enumerate(contracts)]
    q_index = next((i for i, c in enumerate(contracts) if c.in_question), None)
    question = None if q_index is None else situation.contracts[q_index]
    reading = read_basis(situation, rs, day, views, q_index, kind)
    baseline, basis, q_view = reading.baseline, reading.basis, reading.question
    scenarios: tuple[Scenario, ...] = ()
    landing = q_view
    if q_index is not None and question is not None and q_view is not None:
        plan = Plan(situation, ctx, contracts[q_index], q_view, basis, reading.views, contracts)
        scenarios = build_scenarios(plan)
        if asks_about_its_end(situation, question, kind):
            landing = plan.kept()[0]
    figures = basis.figures(landing, unweighted=True)
    reported = figures if kind in ASKS_WHAT_IT_DOES else basis.figures(reading.now, unweighted=True)
    full = _with(basis.likely, landing)
    windows = window_results(full.tallies[LIKELY], rs)
    recovered = recovery(
        [full, *(_with(board, landing) for board in basis.spread)],
        rs,
        figures.likely,
        situation.freelancer.previous_jss,
        _job(rs, baseline),
    )
    derived = build_derived(
        situation,
        rs,
        day,
        reading.views,
        full,
        figures,
        history_unlisted=baseline.source is BaselineSource.STATED,
        recovered=recovered,
    )
    spread = spread_of(figures, basis, landing, question)
    worked = Worked(
        kind,
        figures,
        baseline,
        spread,
        scenarios,
        contracts,
        reading.views,
        q_view,
        derived,
        windows,
    )
    facts = build_facts(situation, rs, day, worked)
    headline = write_headline(facts)
    estimate = Estimate(
        reported.shown,
        reported.best,
        reported.likely,
        reported.worst,
        reported.unweighted,
        windows,
        assumptions(situation, rs, day, reading.views, ruleset_id is not None, baseline),
        _change(reported, baseline),
    )
    return Answer(
        ruleset=rs.id,
        as_of=day,
        situation=situation,
        missing=follow_ups(missing, reading.views, situation, rs, baseline, spread, kind),
        estimate=estimate,
        scenarios=scenarios,
        advice=rank_advice(facts),
        derived=derived,
        question_kind=kind,
        baseline=baseline,
        spread=spread,
        headline=headline.text,
        headline_covers=headline.covers,
        corrections=corrections,
        caveat=caveat(rs, day),
    )


def _ruleset(ruleset_id: str | None, day: date) -> RuleSet:
    if ruleset_id is not None:
        return get_ruleset(ruleset_id)
    try:
        return ruleset_for(day)
    except NoRulesetError as error:
        raise SituationError([str(error)]) from None


def _with(board: Board, view: View | None) -> Board:
    """A copy of `board` with `view` counted."""
    copy = board.copy()
    if view is not None:
        copy.add(view)
    return copy


def _job(rs: RuleSet, baseline: Baseline) -> tuple[float, str]:
    """The size of the good jobs a way back is counted in: the negative's own size after a
    drop, else the largest earnings band (or one job each before earnings weighting)."""
    if not rs.earnings_weighting:
        return UNWEIGHTED, ""
    if baseline.drop is not None:
        return baseline.drop.weight, "of that size"
    weight = WEIGHT_BANDS[-1].weight
    return weight, job_size(weight)


def _change(figures: Figures, baseline: Baseline) -> Change | None:
    start = baseline.shown_jss
    if start is None or figures.likely is None:
        return None

    def delta(value: float | None) -> float | None:
        return None if value is None else round(value - start, 1)

    return Change(delta(figures.best), delta(figures.likely), delta(figures.worst))


def _validate(situation: Situation, day: date) -> None:
    """Engine-level checks the models cannot make: they depend on the as-of date.

    Only contract dates are refused here (the notation states them exactly); facts of a
    story that cannot hold on the date are corrected instead (advice/corrections.py).
    """
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
    if problems:
        raise SituationError(problems)
