"""The engine's shortcuts against the plain definitions they stand for.

Each shortcut (a lookup found once per rule set, a cached pure function, a
sentence built from fewer parts) must give exactly what the plain definition
gives, for every input it can see.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from advice.askable import ASKABLE, ask
from advice.catalogue import CATALOGUE, worded_for
from advice.facts import _dormant_text
from advice.outcomes import View, stars_kinds
from advice.plain import PlainContract, plain
from advice.rulesets import RULESETS
from advice.situation import Contract, FeedbackStatus, Pay, Status
from advice.tables import DORMANT_LIKELY_COUNTS_DAYS, DORMANT_MAY_COUNT_DAYS, Kind


def test_the_wordings_found_once_per_rule_set_are_the_first_that_fit() -> None:
    for ruleset in RULESETS:
        plain = []
        for order, spec in enumerate(CATALOGUE):
            fitting = [w for w in spec.wordings if w.fits(ruleset)]
            if fitting:
                plain.append((order, spec, fitting[0]))
        assert list(worded_for(ruleset)) == plain
        assert worded_for(ruleset), "every era has advice"


def _plain_dormant_text(views: Sequence[View]) -> str:
    """The definition: every dormant contract described, then all past the third counted."""
    parts = []
    for v in views:
        if v.dormant_days is None or v.idle_since is None:
            continue
        may = v.idle_since + timedelta(days=DORMANT_MAY_COUNT_DAYS)
        likely = v.idle_since + timedelta(days=DORMANT_LIKELY_COUNTS_DAYS)
        parts.append(
            f"the open contract with {v.client} has gone {v.dormant_days} days without a "
            f"payment (since {v.idle_since}; may count from about {may}, likely from {likely})"
        )
    if len(parts) > 3:
        parts[3:] = [f"and {len(parts) - 3} more dormant contract(s)"]
    return "; ".join(parts) or "no open contract is dormant"


IDLE = st.tuples(
    st.one_of(st.none(), st.integers(0, 2_000)),
    st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2030, 12, 31))),
)


@given(st.lists(IDLE, max_size=8))
def test_the_dormant_sentence_is_the_plain_one(idle: list[tuple[int | None, date | None]]) -> None:
    views = [
        View(
            n,
            f"client-{n}",
            date(2025, 6, 10),
            (Kind.EXCLUDED, Kind.EXCLUDED, Kind.NEGATIVE),
            (0.0, 0.0, 1.0),
            "open",
            dormant_days=days,
            idle_since=since,
        )
        for n, (days, since) in enumerate(idle)
    ]
    assert _dormant_text(views) == _plain_dormant_text(views)


@given(st.floats(0.0, 5.0, allow_nan=False))
def test_cached_star_readings_are_the_computed_ones(stars: float) -> None:
    assert stars_kinds(stars) == stars_kinds.__wrapped__(stars)


@given(st.sampled_from(sorted(ASKABLE)), st.integers(1, 500), st.booleans(), st.integers(1, 3))
def test_cached_questions_are_the_computed_ones(
    field: str, contract: int, in_question: bool, repeat: int
) -> None:
    key = f"contract-{contract}-{field}" if ASKABLE[field].about_contract else field
    for _ in range(repeat):
        assert ask(key, in_question=in_question) == ask.__wrapped__(key, in_question=in_question)


def test_the_plain_copy_of_a_contract_holds_every_field_as_given() -> None:
    contract = Contract(
        client="acme",
        earnings=420.0,
        status=Status.ENDED,
        pay=Pay.HOURLY,
        start=date(2025, 1, 6),
        end=date(2025, 4, 30),
        last_payment=date(2025, 4, 28),
        paid_months=4,
        feedback=FeedbackStatus.GIVEN,
        stars=4.4,
        private_rating=6,
        refunded=True,
        disputed=True,
        in_question=True,
    )
    copy = plain(contract)
    # A field added to Contract but not to the copy would be silently unread by the engine.
    assert set(PlainContract.__annotations__) == set(Contract.model_fields)
    assert {name: getattr(copy, name) for name in Contract.model_fields} == contract.model_dump()
    assert (copy.is_open, copy.may_be_open) == (contract.is_open, contract.may_be_open)
