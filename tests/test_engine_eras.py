"""Per-era behaviour: the rules of the as-of date apply, not today's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from advice.engine import advise
from advice.rulesets import (
    RULESETS,
    Cadence,
    UnknownRulesetError,
    get_ruleset,
    next_update,
    ruleset_for,
)
from advice.situation import SituationError
from tests.test_engine_support import days_before, ended, negative, positive, situation

EXPECTED_IDS = [
    "2015-03",
    "2016-06",
    "2020-03",
    "2020-11",
    "2021-trending",
    "2023-12",
    "2024-09",
    "2025",
]


def test_rule_set_ids_are_the_documented_eras_in_order() -> None:
    assert [r.id for r in RULESETS] == EXPECTED_IDS
    starts = [r.start for r in RULESETS]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2015, 3, 1), "2015-03"),
        (date(2016, 5, 31), "2015-03"),
        (date(2020, 2, 29), "2016-06"),
        (date(2020, 3, 1), "2020-03"),
        (date(2020, 11, 7), "2020-03"),
        (date(2020, 11, 8), "2020-11"),
        (date(2024, 9, 2), "2023-12"),
        (date(2024, 9, 3), "2024-09"),
        (date(2026, 1, 1), "2025"),
    ],
)
def test_ruleset_for_picks_the_era_in_force(day: date, expected: str) -> None:
    assert ruleset_for(day).id == expected


def test_unknown_ruleset_id_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownRulesetError) as caught:
        get_ruleset("2019")
    assert isinstance(caught.value, ValueError)
    for ruleset_id in EXPECTED_IDS:
        assert ruleset_id in str(caught.value)


def test_before_the_jss_existed_is_a_situation_error() -> None:
    with pytest.raises(SituationError, match="2015-03-01"):
        advise(situation([], date(2014, 12, 1)))


def _four_good_and_zero(day: date, zero: dict[str, object]) -> list[dict[str, object]]:
    good = [positive(c, 300, days_before(day, 20 + 10 * i)) for i, c in enumerate("abcd")]
    return [*good, zero]


def test_zero_no_feedback_contract_counts_negative_before_2020_03() -> None:
    day = date(2019, 12, 1)
    zero = ended("z", 0, days_before(day, 5), feedback="none")
    answer = advise(situation(_four_good_and_zero(day, zero), day))
    assert answer.ruleset == "2016-06"
    assert answer.estimate.likely == 80  # 4 positives, 1 negative, every outcome weighs 1


def test_zero_no_feedback_contract_is_excluded_from_2020_03() -> None:
    day = date(2020, 6, 1)
    zero = ended("z", 0, days_before(day, 5), feedback="none")
    answer = advise(situation(_four_good_and_zero(day, zero), day))
    assert answer.ruleset == "2020-03"
    assert answer.estimate.likely == 100
    assert answer.estimate.windows[0].outcomes == 4


def test_forum_case_three_good_and_one_dormant_unpaid_open_contract_shows_75() -> None:
    # Old-official: an open contract with no earnings and months without activity counted.
    day = date(2018, 9, 1)
    contracts = [positive(c, 400, days_before(day, 30 + 20 * i)) for i, c in enumerate("abc")]
    contracts.append({"client": "quiet", "earnings": 0, "status": "open", "start": "2018-01-10"})
    answer = advise(situation(contracts, day))
    assert answer.estimate.likely == 75
    assert answer.estimate.unweighted == 75
    assert "dormant-contract" in [item.id for item in answer.advice]


def test_same_dormant_unpaid_contract_today_is_excluded_in_the_likely_reading() -> None:
    day = date(2025, 9, 1)
    contracts = [positive(c, 400, days_before(day, 30 + 20 * i)) for i, c in enumerate("abc")]
    contracts.append({"client": "quiet", "earnings": 0, "status": "open", "start": "2025-01-10"})
    answer = advise(situation(contracts, day))
    assert answer.estimate.likely == 100
    assert answer.estimate.worst is not None and answer.estimate.worst < 100


def test_perk_available_in_2019_within_its_limits() -> None:
    day = date(2019, 6, 15)
    contracts = [positive(c, 300, days_before(day, 30 + i)) for i, c in enumerate("abcd")]
    contracts.append(negative("e", 300, days_before(day, 5), in_question=True))
    fl = {"badge": "top-rated", "perk_last_used": "2019-01-10", "completed_since_perk": 12}
    answer = advise(situation(contracts, day, freelancer=fl, intents=["use-perk"]))
    perk = next(s for s in answer.scenarios if s.action == "use-perk")
    assert perk.available is True
    # Removing the only negative: 4/4 = 100%; keeping it: 4/5 = 80%.
    assert perk.likely == 100
    before = next(s for s in answer.scenarios if s.action == "wait")
    assert before.likely == 80


@pytest.mark.parametrize(
    ("freelancer", "reason"),
    [
        ({"badge": "none"}, "only Top Rated"),
        (
            {"badge": "top-rated", "perk_last_used": "2019-04-01", "completed_since_perk": 12},
            "2019-07-01",
        ),
        (
            {"badge": "top-rated", "perk_last_used": "2019-01-10", "completed_since_perk": 9},
            "9 so far",
        ),
    ],
)
def test_perk_limits_in_2019(freelancer: dict[str, object], reason: str) -> None:
    day = date(2019, 6, 15)
    contracts = [positive(c, 300, days_before(day, 30 + i)) for i, c in enumerate("abcd")]
    contracts.append(negative("e", 300, days_before(day, 5), in_question=True))
    answer = advise(situation(contracts, day, freelancer=freelancer))
    perk = next(s for s in answer.scenarios if s.action == "use-perk")
    assert perk.available is False
    assert perk.likely is None
    assert reason in " ".join(perk.notes)


def test_perk_did_not_exist_in_2015() -> None:
    day = date(2015, 9, 1)
    contracts = [negative("e", 300, days_before(day, 5), in_question=True)]
    answer = advise(situation(contracts, day, freelancer={"badge": "top-rated"}))
    perk = next(s for s in answer.scenarios if s.action == "use-perk")
    assert perk.available is False
    assert "2016-06" in perk.notes[0]


def _trending_case(day: date) -> list[dict[str, object]]:
    # 3 months: 4 positives (100%); 6 months: 4 of 6 (66.7%); 12 and 24: 4 of 8 (50%).
    contracts = [positive(c, 200, days_before(day, 10 + 10 * i)) for i, c in enumerate("abcd")]
    contracts += [negative(c, 200, days_before(day, 130 + 10 * i)) for i, c in enumerate("ef")]
    contracts += [negative(c, 200, days_before(day, 250 + 10 * i)) for i, c in enumerate("gh")]
    return contracts


def test_trending_candidate_only_from_its_era() -> None:
    day = date(2021, 6, 15)
    data = situation(_trending_case(day), day)
    with_trending = advise(data)
    without = advise(data, ruleset_id="2020-11")
    assert with_trending.ruleset == "2021-trending"
    assert with_trending.estimate.likely == 83  # (66.7 + 100) / 2 = 83.3
    assert without.estimate.likely == 67  # best single window: 6 months, 4/6
    assert [w.months for w in without.estimate.windows] == [24, 12, 6]
    for ruleset in RULESETS:
        assert ruleset.trending == (ruleset.start >= get_ruleset("2021-trending").start)
        assert (3 in ruleset.windows) == ruleset.trending


def test_biweekly_updates_fall_on_sundays_two_weeks_apart_before_2024_09() -> None:
    for day in (date(2016, 7, 13), date(2019, 6, 15), date(2024, 9, 2)):
        ruleset = ruleset_for(day)
        assert ruleset.cadence is Cadence.BIWEEKLY_SUNDAY
        first = next_update(ruleset, day)
        second = next_update(ruleset, first)
        assert first.weekday() == 6 and second.weekday() == 6
        assert 1 <= (first - day).days <= 14
        assert (second - first).days == 14


def test_daily_updates_from_2024_09() -> None:
    day = date(2024, 9, 3)
    assert next_update(ruleset_for(day), day) == day + timedelta(days=1)


def test_biweekly_answer_names_the_update_sunday_of_ending_now() -> None:
    day = date(2019, 6, 12)  # a Wednesday
    contracts = [positive(c, 300, days_before(day, 30 + i)) for i, c in enumerate("abcd")]
    contracts.append(
        {
            "client": "e",
            "earnings": 500,
            "status": "open",
            "start": "2019-05-01",
            "last_payment": "2019-06-01",
            "in_question": True,
        }
    )
    answer = advise(situation(contracts, day))
    sunday = answer.derived.next_update
    assert sunday.weekday() == 6
    assert answer.derived.update_cadence == "biweekly-sunday"
    end_now = next(s for s in answer.scenarios if s.action == "end-now-feedback")
    assert f"Sunday {sunday}" in " ".join(end_now.notes)


def test_weights_are_flat_before_2020_03_and_by_earnings_after() -> None:
    contracts_at = lambda day: [  # noqa: E731
        positive("a", 5_000, days_before(day, 10)),
        positive("b", 100, days_before(day, 20)),
        negative("c", 100, days_before(day, 30)),
        positive("d", 100, days_before(day, 40)),
    ]
    old = advise(situation(contracts_at(date(2019, 6, 1)), date(2019, 6, 1)))
    new = advise(situation(contracts_at(date(2025, 6, 1)), date(2025, 6, 1)))
    assert old.estimate.windows[0].total == 4.0
    assert old.estimate.likely == 75
    assert new.estimate.windows[0].total == 4.5  # 1.5 + 1 + 1 + 1
    assert new.estimate.likely == 78  # 3.5 / 4.5
