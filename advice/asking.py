"""The questions an answer asks back: what the member did not say that would change it most.

Questions are keyed, so the reader's and the engine's questions about the same fact
are asked once; the key names the fact (`contract-2-earnings`, `history-jobs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from advice.answer import MissingFact
from advice.askable import ask
from advice.baseline import Baseline, BaselineSource, PoolSource
from advice.outcomes import RankedFact, View
from advice.rulesets import RuleSet
from advice.situation import Intent, QuestionKind, Situation
from advice.spread import Spread, Unknown
from advice.tables import PERK_BADGES

_PARSER_IMPACT = 1.0
"""The reader's own questions rank as if they could move one job of weight."""

HISTORY_QUESTION = ask("history-jobs")
_DRIVER_FIELDS = {Unknown.FEEDBACK: "expected", Unknown.EARNINGS: "earnings"}
_HISTORY_MATTERS = frozenset({QuestionKind.IMPACT, QuestionKind.RECOVERY, QuestionKind.OTHER})
"""Questions whose answer moves with the size of the history behind the score."""
_SCORE_IMPACT = 5.0
"""Without a score to start from there is no estimate at all: asked before anything else."""
_READER_IMPACT = {"status": 4.0}
"""Whether a contract is still open decides which actions exist at all: asked first."""
_ASKED_FOR: dict[QuestionKind, frozenset[str]] = {
    QuestionKind.TERMS: frozenset({"evidence"}),
    QuestionKind.DIAGNOSIS: frozenset({"history-jobs", "evidence", "badge"}),
}
"""Kinds of question whose answer depends only on some facts: only those are asked."""


def _engine_questions(situation: Situation, rs: RuleSet) -> Iterable[RankedFact]:
    """Questions about the freelancer and the events, when the answer hinges on them."""
    fl, ev, intents = situation.freelancer, situation.events, set(situation.intents)
    perk_asked = bool({Intent.USE_PERK, Intent.REMOVE_FEEDBACK} & intents)
    if fl.badge is None and (
        (rs.perk_available and perk_asked) or Intent.REACH_TOP_RATED in intents
    ):
        yield RankedFact(ask("badge"), 1.5)
    perk_user = fl.badge in PERK_BADGES or fl.badge is None
    if rs.perk_available and perk_asked and perk_user and fl.completed_since_perk is None:
        yield RankedFact(ask("perk-completed"), 1.25)
    if ev.threat_of_bad_feedback and ev.evidence_in_writing is None:
        yield RankedFact(ask("evidence"), 2.0)
    if situation.contracts and situation.in_question is None:
        yield RankedFact(ask("in-question"), 3.0)


def _score_question(situation: Situation, baseline: Baseline) -> Iterable[RankedFact]:
    """The member's score, when the answer cannot start from one: every estimate is a
    change from it (JSS_MODEL 9), and the listed contracts alone give none."""
    if baseline.source is BaselineSource.NONE and situation.freelancer.has_score is not False:
        yield RankedFact(ask("jss"), _SCORE_IMPACT)


def follow_ups(
    given: Sequence[MissingFact],
    views: Sequence[View],
    situation: Situation,
    rs: RuleSet,
    baseline: Baseline,
    spread: Spread,
    kind: QuestionKind,
) -> tuple[MissingFact, ...]:
    """The reader's questions plus the engine's, one per key, the one that would move the
    answer most first; when the spread is wide, the question that narrows it leads."""
    ranked: dict[str, RankedFact] = {}
    found = [RankedFact(fact, _reader_impact(fact.key)) for fact in given]
    for view in views:
        found.extend(view.missing)
    found.extend(_engine_questions(situation, rs))
    found.extend(_score_question(situation, baseline))
    pool = baseline.pool
    leading = _driver_key(spread, situation) if spread.wide else None
    # A wide spread is named in the headline, whatever the kind: its question is asked.
    history_leads = leading == HISTORY_QUESTION.key
    if (
        pool is not None
        and pool.source is PoolSource.PRIOR
        and (kind in _HISTORY_MATTERS or history_leads)
    ):
        found.append(RankedFact(HISTORY_QUESTION, pool.high - pool.low))
    for item in found:
        known = ranked.get(item.fact.key)
        if known is None:
            ranked[item.fact.key] = item
        else:
            known.impact = max(known.impact, item.impact)
    wanted = _ASKED_FOR.get(kind)
    kept = [
        i
        for i in ranked.values()
        if wanted is None or _suffix(i.fact.key) in wanted or i.fact.key == leading
    ]
    # Whether the contract is still open decides which actions exist: that comes first,
    # then the question that narrows a wide spread, then the rest by how much they move it.
    ordered = sorted(
        kept,
        key=lambda item: (
            _suffix(item.fact.key) != "status",
            item.fact.key != leading,
            -item.impact,
        ),
    )
    return tuple(item.fact for item in ordered)


def _suffix(key: str) -> str:
    """The fact a key asks about, whatever contract: `contract-2-earnings` -> `earnings`."""
    head, _, rest = key.partition("-")
    if head == "contract" and "-" in rest:
        return rest.split("-", 1)[1]
    return key


def _reader_impact(key: str) -> float:
    return _READER_IMPACT.get(_suffix(key), _PARSER_IMPACT)


def _driver_key(spread: Spread, situation: Situation) -> str | None:
    """The key of the question that settles the unknown driving the spread, if one can."""
    if spread.driver is Unknown.HISTORY:
        return HISTORY_QUESTION.key
    index = next((n for n, c in enumerate(situation.contracts, 1) if c.in_question), None)
    if index is None or spread.driver not in _DRIVER_FIELDS:
        return None
    return f"contract-{index}-{_DRIVER_FIELDS[spread.driver]}"
