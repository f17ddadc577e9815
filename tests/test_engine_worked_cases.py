"""Worked cases W1-W9 of JSS_MODEL.md section 8, as a table.

Expected figures are the document's own arithmetic (S/T, rounded as shown),
never read back from the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from advice.answer import Answer
from advice.engine import advise
from advice.windows import combine
from tests.test_engine_support import (
    days_before,
    ended,
    negative,
    positive,
    situation,
    zero_negative,
)

TODAY_2025 = date(2025, 6, 10)


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[], Answer]
    check: Callable[[Answer], None]


def _w1(months: int | None) -> Answer:
    day = TODAY_2025
    extra = {} if months is None else {"paid_months": months}
    contracts = [
        positive("a", 5_600, days_before(day, 20), **extra),
        positive("b", 2_500, days_before(day, 30), **extra),
        positive("c", 10_000, days_before(day, 40), **extra),
        zero_negative("d", days_before(day, 10)),
    ]
    return advise(situation(contracts, day))


def _check_w1_short(answer: Answer) -> None:
    # Unweighted 3/4 = 75%; weighted (1.5 * 3) / (4.5 + 1) = 81.8% -> 82.
    assert answer.estimate.unweighted == 75
    assert answer.estimate.likely == 82
    window = answer.estimate.windows[0]
    assert (window.positive, window.negative, window.total) == (4.5, 1.0, 5.5)


def _check_w1_long(answer: Answer) -> None:
    # Each positive ran 3-5 months with payments: +1 job each, 7.5 / 8.5 = 88.2% -> 88.
    assert answer.estimate.likely == 88
    assert answer.estimate.likely < 90
    assert answer.estimate.unweighted == 75


def _w3() -> Answer:
    day = TODAY_2025
    contracts = [
        positive("a", 100, days_before(day, 10)),
        positive("b", 200, days_before(day, 20)),
        positive("c", 250, days_before(day, 30)),
        negative("d", 150, days_before(day, 40)),
    ]
    return advise(situation(contracts, day))


def _w4() -> Answer:
    # 13 positives 13-19 months ago, 3 negatives in the last 2 months: the
    # shorter windows only hold negatives, so the 24-month 13/16 is shown.
    day = TODAY_2025
    contracts = [positive(f"p{i}", 200, days_before(day, 400 + 12 * i)) for i in range(13)]
    contracts += [negative(f"n{i}", 200, days_before(day, 20 + 10 * i)) for i in range(3)]
    return advise(situation(contracts, day))


def _check_w4(answer: Answer) -> None:
    assert answer.estimate.likely == 81  # 13 / 16 = 81.25%
    by_months = {w.months: w for w in answer.estimate.windows}
    assert by_months[24].outcomes == 16
    assert by_months[6].likely == 0


def _w6() -> Answer:
    day = TODAY_2025
    contracts = [positive("solo", 2_000, days_before(day, d)) for d in (10, 60, 200)]
    return advise(situation(contracts, day))


def _check_w6(answer: Answer) -> None:
    assert answer.estimate.shown is False
    est = answer.estimate
    assert (est.best, est.likely, est.worst, est.unweighted) == (None, None, None, None)
    assert "min-history" in [item.id for item in answer.advice]


W7_DAY = date(2025, 6, 10)
W7_END = date(2024, 12, 8)  # six months and two days before W7_DAY


def _w7() -> Answer:
    contracts = [
        positive("a", 500, days_before(W7_DAY, 10)),
        positive("b", 500, days_before(W7_DAY, 20)),
        negative("late", 500, W7_END),
    ]
    return advise(situation(contracts, W7_DAY))


def _check_w7(answer: Answer) -> None:
    by_months = {w.months: w for w in answer.estimate.windows}
    assert by_months[6].negative == 0
    assert by_months[12].negative == 1.25
    assert by_months[24].negative == 1.25
    (leaving,) = answer.derived.negatives_leave
    assert leaving.counts_in == (24, 12)
    assert leaving.leaves[6] == date(2025, 6, 9)  # 6 months + 1 day after the end
    # The 6-month window (2/2 = 100%) is the best candidate.
    assert answer.estimate.likely == 100


def _w8() -> Answer:
    # "as of today": the situation carries no date; the caller gives today's.
    contracts = [
        positive("a", 500, date(2024, 10, 1)),
        negative("b", 500, date(2024, 11, 1), in_question=True),
    ]
    data = situation(contracts, date(2024, 12, 1), freelancer={"badge": "top-rated"})
    data = data.model_copy(update={"as_of": None, "intents": ("use-perk",)})
    return advise(data, as_of=date(2024, 12, 1))


def _check_w8(answer: Answer) -> None:
    perk = next(s for s in answer.scenarios if s.action == "use-perk")
    assert perk.available is False
    assert "2024-09-03" in perk.notes[0]
    assert "Report feedback" in perk.notes[0]
    ids = [item.id for item in answer.advice]
    assert "perk-phased-out" in ids
    assert "perk-eligibility" not in ids


W9_DAY = date(2019, 6, 15)


def _w9() -> Answer:
    contracts = [positive(c, 300, days_before(W9_DAY, 30 + i)) for i, c in enumerate("abcd")]
    contracts.append(negative("e", 300, days_before(W9_DAY, 5), in_question=True))
    fl = {"badge": "top-rated", "perk_last_used": "2019-05-26", "completed_since_perk": 2}
    return advise(situation(contracts, W9_DAY, freelancer=fl, intents=["use-perk"]))


def _check_w9(answer: Answer) -> None:
    assert answer.ruleset == "2016-06"
    perk = next(s for s in answer.scenarios if s.action == "use-perk")
    assert perk.available is False
    notes = " ".join(perk.notes)
    assert "2019-08-26" in notes  # 3 months after the last use
    assert "10 completed contracts" in notes and "2 so far" in notes
    assert "perk-eligibility" in [item.id for item in answer.advice]


def _w5_answers() -> tuple[Answer, Answer, Answer]:
    day = TODAY_2025
    base = [
        positive("a", 800, days_before(day, 15)),
        positive("b", 1_200, days_before(day, 45)),
        negative("c", 300, days_before(day, 90)),
    ]
    zero_silent = ended("z", 0, days_before(day, 5), feedback="none")
    zero_happy = ended("y", 0, days_before(day, 5), stars=None, sentiment="positive")
    return (
        advise(situation(base, day)),
        advise(situation([*base, zero_silent], day)),
        advise(situation([*base, zero_happy], day)),
    )


def _check_w5(answer: Answer) -> None:
    base, silent, happy = _w5_answers()
    for other in (silent, happy):
        assert other.estimate.to_json()["windows"] == base.estimate.to_json()["windows"]
        for field in ("best", "likely", "worst", "unweighted"):
            assert getattr(other.estimate, field) == getattr(base.estimate, field)
    # (1.25 + 1.5) / (1.25 + 1.5 + 1.25) = 68.75% -> 69, with or without the $0 contract.
    assert base.estimate.likely == 69


CASES = [
    Case("W1-short", lambda: _w1(None), _check_w1_short),
    Case("W1-3-5-months", lambda: _w1(4), _check_w1_long),
    Case("W3", _w3, lambda a: _assert_equal(a.estimate.likely, 75)),
    Case("W4", _w4, _check_w4),
    Case("W5", lambda: _w5_answers()[0], _check_w5),
    Case("W6", _w6, _check_w6),
    Case("W7", _w7, _check_w7),
    Case("W8", _w8, _check_w8),
    Case("W9", _w9, _check_w9),
]


def _assert_equal(actual: object, expected: object) -> None:
    assert actual == expected


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_worked_case(case: Case) -> None:
    case.check(case.build())


def test_w2_official_window_example_shows_96() -> None:
    assert combine({24: 92, 12: 88, 6: 94, 3: 98}, trending=True) == 96


def test_w2_without_trending_the_best_single_window_shows() -> None:
    assert combine({24: 92, 12: 88, 6: 94}, trending=False) == 94


def test_window_that_does_not_qualify_is_no_candidate() -> None:
    assert combine({24: 80, 12: None, 6: 70, 3: None}, trending=True) == 80
    assert combine({24: None, 12: None, 6: None, 3: 100}, trending=True) is None


def test_w1_derived_weight_to_90() -> None:
    # 90% shows from 89.5%: x = (t*T - S) / (1 - t) = (0.895 * 5.5 - 4.5) / 0.105 = 4.02
    # jobs of positive weight, three jobs over $1,000.
    answer = _w1(None)
    to_90 = answer.derived.to_90
    assert to_90.by_window["24"] == pytest.approx(4.0238, abs=1e-3)
    assert to_90.weight == pytest.approx(4.0238, abs=1e-3)
    assert to_90.jobs_over_1000 == 3
