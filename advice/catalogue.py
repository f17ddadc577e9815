"""The advice catalogue: every piece of advice, ranked per situation.

The rows live in two tables a domain expert can review (advice/advice_terms.py,
advice/advice_score.py); each names when it applies, how urgent it is, what the
member asked that makes it more so, and its wording per era (advice/advice_spec.py).
"""

from __future__ import annotations

from functools import lru_cache

from advice.advice_score import SCORE_ADVICE
from advice.advice_spec import INTENT_BOOST, KIND_BOOST, AdviceSpec, Wording
from advice.advice_terms import TERMS_ADVICE
from advice.answer import AdviceItem
from advice.facts import Facts
from advice.rulesets import RuleSet

CATALOGUE: tuple[AdviceSpec, ...] = (*TERMS_ADVICE, *SCORE_ADVICE)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


@lru_cache(maxsize=32)
def worded_for(ruleset: RuleSet) -> tuple[tuple[int, AdviceSpec, Wording], ...]:
    """The catalogue's rows that have a wording under `ruleset`, with their order and that
    wording (the first that fits). Found once per rule set: every answer needs them."""
    rows = []
    for order, spec in enumerate(CATALOGUE):
        wording = next((w for w in spec.wordings if w.fits(ruleset)), None)
        if wording is not None:
            rows.append((order, spec, wording))
    return tuple(rows)


def rank_advice(facts: Facts) -> tuple[AdviceItem, ...]:
    """Advice that applies to these facts, in the wording of their era, most urgent first."""
    intents = set(facts.situation.intents)
    chosen: list[tuple[int, int, AdviceSpec, Wording]] = []
    for order, spec, wording in worded_for(facts.ruleset):
        if not spec.applies(facts):
            continue
        rank = spec.priority if wording.priority is None else wording.priority
        rank += INTENT_BOOST if spec.intents & intents else 0
        rank += KIND_BOOST if facts.kind in spec.kinds else 0
        chosen.append((-rank, order, spec, wording))
    chosen.sort(key=lambda item: (item[0], item[1]))
    return tuple(
        AdviceItem(
            spec.id,
            wording.title,
            _sentence(wording.why.format_map(facts.text)),
            wording.source,
            wording.reference,
            _sentence(wording.short.format_map(facts.text)),
            -rank,
        )
        for rank, _, spec, wording in chosen
    )
