"""Property tests: invariants of the estimate over generated situations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advice.answer import Answer
from advice.engine import advise
from advice.rulesets import get_ruleset
from advice.situation import SituationError, situation_from_data
from advice.windows import Tally, combine, shown_scores

AS_OF_CHOICES = [
    date(2016, 2, 7),
    date(2019, 6, 15),
    date(2020, 6, 1),
    date(2021, 3, 1),
    date(2024, 1, 10),
    date(2025, 6, 10),
]
CURRENT = date(2025, 6, 10)

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def contracts(draw: st.DrawFn, as_of: date) -> dict[str, Any]:
    """A valid contract dated within 30 months before `as_of`."""
    earnings = draw(st.sampled_from([None, 0.0, 40.0, 250.0, 600.0, 1_001.0, 9_000.0]))
    is_open = draw(st.booleans())
    start_ago = draw(st.integers(0, 900))
    start = as_of - timedelta(days=start_ago)
    data: dict[str, Any] = {
        "client": draw(st.sampled_from("abcdefg")),
        "earnings": earnings,
        "pay": draw(st.sampled_from(["hourly", "fixed", "unknown"])),
        "start": start.isoformat(),
        "refunded": draw(st.booleans()),
        "disputed": draw(st.booleans()),
        "client_suspended": draw(st.integers(0, 9)) == 0,
        "paid_months": draw(st.one_of(st.none(), st.integers(0, 24))),
    }
    span = draw(st.integers(0, start_ago))
    if is_open:
        data["status"] = "open"
        if earnings != 0 and draw(st.booleans()):
            data["last_payment"] = (start + timedelta(days=span)).isoformat()
    else:
        data["status"] = "ended"
        data["end"] = (start + timedelta(days=span)).isoformat()
    feedback = draw(st.sampled_from(["given", "none", "pending"]))
    data["feedback"] = feedback
    if feedback == "given":
        if earnings != 0 and draw(st.booleans()):
            data["stars"] = draw(st.sampled_from([1.0, 3.0, 4.2, 4.6, 5.0]))
        if draw(st.booleans()):
            data["private_rating"] = draw(st.integers(0, 10))
        else:
            sentiment = draw(st.sampled_from([None, "positive", "neutral", "negative"]))
            if sentiment:
                data["private_sentiment"] = sentiment
    if feedback == "pending" and draw(st.booleans()):
        data["expected"] = draw(st.sampled_from(["positive", "neutral", "negative"]))
    return data


@st.composite
def situations(draw: st.DrawFn, as_of: date | None = None) -> dict[str, Any]:
    day = as_of or draw(st.sampled_from(AS_OF_CHOICES))
    items = draw(st.lists(contracts(day), max_size=12))
    if items and draw(st.booleans()):
        items[draw(st.integers(0, len(items) - 1))]["in_question"] = True
    return {
        "freelancer": {"badge": draw(st.sampled_from([None, "none", "top-rated"]))},
        "contracts": items,
        "events": {
            "threat_of_bad_feedback": draw(st.booleans()),
            "evidence_in_writing": draw(st.sampled_from([None, True, False])),
        },
        "as_of": day.isoformat(),
    }


def _figures(answer: Answer) -> list[tuple[float | None, float | None, float | None]]:
    est = answer.estimate
    rows = [(est.best, est.likely, est.worst)]
    rows += [(s.best, s.likely, s.worst) for s in answer.scenarios]
    return rows


@PROPS
@given(situations())
def test_scores_are_percentages_and_ordered(data: dict[str, Any]) -> None:
    answer = advise(situation_from_data(data))
    est = answer.estimate
    assert est.shown == (est.likely is not None)
    if est.unweighted is not None:
        assert 0 <= est.unweighted <= 100
    for best, likely, worst in _figures(answer):
        if likely is None:
            assert best is None and worst is None
            continue
        assert best is not None and worst is not None
        assert 0 <= worst <= likely <= best <= 100
        assert likely == int(likely)  # a shown score is a whole percentage


@PROPS
@given(situations(), st.sampled_from("abcdefgh"), st.sampled_from([100.0, 700.0, 5_000.0]))
def test_adding_a_positive_outcome_never_lowers_likely(
    data: dict[str, Any], client: str, earnings: float
) -> None:
    before = advise(situation_from_data(data)).estimate.likely
    day = date.fromisoformat(data["as_of"])
    good = {
        "client": client,
        "earnings": earnings,
        "end": (day - timedelta(days=3)).isoformat(),
        "feedback": "given",
        "stars": 5.0,
        "private_rating": 10,
    }
    after = advise(situation_from_data({**data, "contracts": [*data["contracts"], good]}))
    if before is not None:
        assert after.estimate.likely is not None
        assert after.estimate.likely >= before


@PROPS
@given(
    situations(as_of=CURRENT),
    st.sampled_from(["none", "positive"]),
    st.integers(0, 700),
    st.sampled_from("abcxyz"),
)
def test_adding_an_excluded_zero_contract_changes_nothing(
    data: dict[str, Any], feedback: str, days_ago: int, client: str
) -> None:
    before = advise(situation_from_data(data)).estimate.to_json()
    zero: dict[str, Any] = {
        "client": client,
        "earnings": 0,
        "end": (CURRENT - timedelta(days=days_ago)).isoformat(),
        "feedback": "none" if feedback == "none" else "given",
    }
    if feedback == "positive":
        zero["private_sentiment"] = "positive"
    after = advise(situation_from_data({**data, "contracts": [*data["contracts"], zero]}))
    after_json = after.estimate.to_json()
    for key in ("shown", "best", "likely", "worst", "unweighted", "windows"):
        assert after_json[key] == before[key], key


JUNK_NUMBERS = st.one_of(
    st.none(),
    st.integers(-5, 700),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
)
JUNK_DATES = st.one_of(
    st.none(),
    st.dates(date(2010, 1, 1), date(2030, 1, 1)).map(date.isoformat),
    st.text(max_size=5),
)


@st.composite
def junk(draw: st.DrawFn) -> dict[str, Any]:
    contract = {
        "client": draw(st.one_of(st.text(max_size=45), st.integers())),
        "earnings": draw(JUNK_NUMBERS),
        "status": draw(st.sampled_from(["open", "ended", "paused"])),
        "start": draw(JUNK_DATES),
        "end": draw(JUNK_DATES),
        "last_payment": draw(JUNK_DATES),
        "feedback": draw(st.sampled_from(["given", "none", "pending", "maybe"])),
        "stars": draw(JUNK_NUMBERS),
        "private_rating": draw(JUNK_NUMBERS),
        "paid_months": draw(JUNK_NUMBERS),
        "in_question": draw(st.booleans()),
    }
    return {
        "freelancer": {
            "shown_jss": draw(JUNK_NUMBERS),
            "perk_last_used": draw(JUNK_DATES),
            "completed_since_perk": draw(JUNK_NUMBERS),
        },
        "contracts": draw(st.lists(st.just(contract), max_size=3)),
        "as_of": draw(JUNK_DATES),
    }


@settings(max_examples=300, deadline=None)
@given(junk(), st.one_of(st.none(), st.dates(date(2012, 1, 1), date(2030, 1, 1))))
def test_bad_input_raises_only_situation_error(data: dict[str, Any], as_of: date | None) -> None:
    try:
        read = situation_from_data(data)
    except SituationError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
        return
    if as_of is None and read.as_of is None:
        # No date at all is the caller's mistake, not the member's: the engine has no clock.
        with pytest.raises(ValueError, match="as-of date"):
            advise(read, as_of=as_of)
        return
    try:
        answer = advise(read, as_of=as_of)
    except SituationError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
        return
    assert answer.to_json()["ruleset"]


WINDOW_VALUES = st.one_of(st.none(), st.floats(0, 100))


@PROPS
@given(WINDOW_VALUES, WINDOW_VALUES, WINDOW_VALUES, WINDOW_VALUES)
def test_fast_window_path_agrees_with_combine(
    v24: float | None, v12: float | None, v6: float | None, v3: float | None
) -> None:
    # The engine's hot path computes the candidates inline; it must agree with
    # the documented combine() on any qualifying pattern.
    ruleset = get_ruleset("2025")
    values = {24: v24, 12: v12, 6: v6, 3: v3}
    tallies = []
    for months in ruleset.windows:
        value = values[months]
        tally = Tally()
        if value is not None:
            tally.positive, tally.total, tally.outcomes = value, 100.0, 5
            tally.clients = {"a": 1, "b": 1}
        tallies.append(tally)
    shown = shown_scores(tallies, ruleset)
    assert shown.qualified == [values[m] is not None for m in ruleset.windows]
    assert shown.likely == combine(values, trending=True)
