"""Scenarios, derived figures, missing facts, advice catalogue and validation."""

from __future__ import annotations

import re
from datetime import date

import pytest

from advice.answer import MissingFact, SourceLabel
from advice.catalogue import CATALOGUE
from advice.engine import advise
from advice.situation import SituationError
from tests.test_engine_support import days_before, ended, negative, positive, situation

DAY = date(2025, 6, 10)
ACTIONS = [
    "if-ended",
    "end-now-feedback",
    "end-now-no-feedback",
    "wait",
    "close-good-first",
    "refund",
    "report-client",
    "use-perk",
]
REQUIRED_IDS = {
    "report-extortion",
    "evidence-in-writing",
    "zero-earnings-weight",
    "no-feedback-excluded",
    "dormant-contract",
    "close-good-contracts-first",
    "perk-eligibility",
    "perk-phased-out",
    "min-history",
    "client-vetting",
    "who-leaves-feedback",
    "refund-effect",
    "recovery-plan",
    "drop-causes",
    "off-platform-terms",
    "reply-to-review",
    "end-before-update",
    "cushion-first",
    "badge-risk",
    "dispute-get-paid",
    "scope-change-new-milestone",
    "suspended-client-excluded",
    "check-insights-page",
}


def _four_good() -> list[dict[str, object]]:
    # 4 positives over $1,000: weight 1.5 each, S = T = 6.
    return [positive(c, 2_000, days_before(DAY, 20 + 10 * i)) for i, c in enumerate("abcd")]


def _open_question(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "client": "q",
        "earnings": 2_000,
        "status": "open",
        "start": "2025-05-01",
        "last_payment": "2025-06-01",
        "in_question": True,
    }
    data.update(extra)
    return data


def _by_action(answer_scenarios: tuple[object, ...]) -> dict[str, object]:
    return {s.action: s for s in answer_scenarios}  # type: ignore[attr-defined]


def test_scenario_ids_are_stable_and_ordered() -> None:
    answer = advise(situation([*_four_good(), _open_question()], DAY))
    assert [s.action for s in answer.scenarios] == ACTIONS


def test_end_now_with_negative_feedback_versus_refund() -> None:
    events = {"threat_of_bad_feedback": True, "evidence_in_writing": False}
    answer = advise(
        situation([*_four_good(), _open_question(expected="negative")], DAY, events=events)
    )
    s = _by_action(answer.scenarios)
    # Ending with negative feedback: 6 / (6 + 1.5) = 80%.
    assert s["end-now-feedback"].likely == 80
    # A full refund turns it into a $0 contract: the negative weighs 1 job, 6 / 7 = 85.7%.
    assert s["refund"].likely == 86
    # Ending without feedback: excluded, 6 / 6.
    assert s["end-now-no-feedback"].likely == 100
    assert "2025-06-24" in " ".join(s["end-now-feedback"].notes)  # 14-day feedback window


def test_report_with_written_evidence_expects_the_feedback_excluded() -> None:
    events = {"threat_of_bad_feedback": True, "evidence_in_writing": True}
    answer = advise(
        situation([*_four_good(), _open_question(expected="negative")], DAY, events=events)
    )
    report = _by_action(answer.scenarios)["report-client"]
    assert report.available and report.likely == 100
    assert report.worst is not None and report.worst <= 80  # the feedback may still count
    assert answer.advice[0].id == "report-extortion"


def test_report_is_unavailable_without_a_violation() -> None:
    answer = advise(situation([*_four_good(), _open_question()], DAY))
    report = _by_action(answer.scenarios)["report-client"]
    assert report.available is False and report.likely is None


def test_ended_contract_cannot_end_again() -> None:
    q = ended("q", 500, days_before(DAY, 3), feedback="pending", in_question=True)
    answer = advise(situation([*_four_good(), q], DAY))
    s = _by_action(answer.scenarios)
    assert s["end-now-feedback"].available is False
    assert "already ended" in s["end-now-feedback"].notes[0]
    assert s["wait"].available is True


def test_wait_on_a_dormant_contract_dates_when_it_counts() -> None:
    q = {"client": "q", "earnings": 800, "status": "open", "start": "2024-10-01",
         "last_payment": "2025-02-01", "in_question": True}  # fmt: skip
    answer = advise(situation([*_four_good(), q], DAY))
    wait = _by_action(answer.scenarios)["wait"]
    notes = " ".join(wait.notes)
    assert "2025-05-03" in notes  # 2025-02-01 + 91 days
    assert "2025-08-03" in notes  # 2025-02-01 + 183 days
    assert "dormant-contract" in [a.id for a in answer.advice]


def test_close_good_first_counts_young_open_contracts() -> None:
    young = {"client": "y", "earnings": 3_000, "status": "open", "start": "2025-05-01",
             "last_payment": "2025-06-01"}  # fmt: skip
    q = _open_question(client="q", expected="negative")
    answer = advise(
        situation([*_four_good(), young, q], DAY, events={"threat_of_bad_feedback": True})
    )
    s = _by_action(answer.scenarios)
    assert s["close-good-first"].available
    # Without: 6 / 7.5 = 80%. Closing the young $3,000 contract with positive
    # feedback first adds 1.5 to S and T: 7.5 / 9 = 83.3%.
    assert s["end-now-feedback"].likely == 80
    assert s["close-good-first"].likely == 83
    assert "close-good-contracts-first" in [a.id for a in answer.advice]


def test_scenarios_keep_best_likely_worst_order() -> None:
    events = {"threat_of_bad_feedback": True}
    answer = advise(situation([*_four_good(), _open_question()], DAY, events=events))
    for s in answer.scenarios:
        if s.likely is not None:
            assert s.best is not None and s.worst is not None
            assert s.best >= s.likely >= s.worst


def test_unknown_earnings_spreads_the_estimate_and_asks() -> None:
    contracts = [*_four_good(), ended("n", None, days_before(DAY, 5), stars=2.0, private_rating=1)]
    answer = advise(situation(contracts, DAY))
    est = answer.estimate
    # Negative of 1 to 1.5 jobs: 6/7 = 85.7 (best) .. 6/7.25 = 82.8 (likely) .. 6/7.5 = 80.
    assert (est.best, est.likely) == (86, 83)
    assert est.worst is not None and est.worst <= 80
    assert "contract-5-earnings" in [m.key for m in answer.missing]


def test_missing_facts_deduplicate_by_key_and_rank_by_effect() -> None:
    contracts = [
        *_four_good(),
        ended("n", None, days_before(DAY, 5), stars=2.0, private_rating=1),
        {"client": "q", "earnings": 2_000, "status": "open", "start": "2025-05-01",
         "last_payment": "2025-06-01", "in_question": True},
    ]  # fmt: skip
    parser = [
        MissingFact("contract-5-earnings", "parser wording"),
        MissingFact("hourly", "Was it hourly?"),
    ]
    answer = advise(situation(contracts, DAY), missing=parser)
    keys = [m.key for m in answer.missing]
    assert len(keys) == len(set(keys))
    assert keys[0] == "contract-6-expected"  # the pending feedback moves the most
    assert "parser wording" in [m.question for m in answer.missing]
    assert "hourly" in keys


def test_derived_figures() -> None:
    contracts = [*_four_good(), negative("n", 500, days_before(DAY, 5))]
    answer = advise(situation(contracts, DAY, freelancer={"badge": "top-rated"}))
    d = answer.derived
    # S = 6, T = 7.25; 90% shows from 89.5%: x = (0.895 * 7.25 - 6) / 0.105 = 4.655.
    assert d.to_90.by_window["24"] == pytest.approx(4.655, abs=1e-3)
    assert d.negatives_leave[0].leaves[6] == date(2025, 12, 6)
    assert d.era.id == "2025" and d.update_cadence == "daily"
    assert d.badge.line == 90 and d.badge.weeks_needed == 13
    assert d.badge.weeks_of == 16
    assert d.badge.likely_at_line is False  # 6 / 7.25 = 82.8%
    assert answer.to_json()["derived"]["negatives_leave"][0]["leaves"]["6"] == "2025-12-06"
    assert "badge-risk" in [a.id for a in answer.advice]


def test_catalogue_has_every_required_id_once() -> None:
    ids = [spec.id for spec in CATALOGUE]
    assert set(ids) >= REQUIRED_IDS
    assert len(ids) == len(set(ids))
    wordings = [wording for spec in CATALOGUE for wording in spec.wordings]
    assert all(isinstance(w.source, SourceLabel) and w.reference for w in wordings)
    assert all(w.title and w.short and w.why for w in wordings)


def _rich_situations() -> list[object]:
    threat = {"threat_of_bad_feedback": True, "unpaid_scope_demand": True,
              "milestone_unreleased": True}  # fmt: skip
    zero_q = {"client": "q", "earnings": 0, "status": "open", "start": "2025-05-20",
              "in_question": True, "disputed": True}  # fmt: skip
    dormant = {"client": "z", "earnings": 400, "status": "open", "start": "2024-06-01",
               "last_payment": "2024-09-01"}  # fmt: skip
    young = {"client": "y", "earnings": 3_000, "status": "open", "start": "2025-05-01",
             "last_payment": "2025-06-01"}  # fmt: skip
    suspended = ended("s", 300, days_before(DAY, 50), stars=1.0, client_suspended=True)
    now = situation(
        [*_four_good(), negative("n", 500, days_before(DAY, 60)), dormant, young, suspended,
         zero_q],
        DAY,
        freelancer={"badge": "top-rated"},
        events=threat,
        intents=["use-perk", "refund"],
    )  # fmt: skip
    day = date(2019, 6, 15)
    old = situation(
        [positive("a", 300, days_before(day, 10)), negative("e", 300, day, in_question=True)],
        day,
        freelancer={"badge": "top-rated"},
        intents=["use-perk"],
    )
    # A stated score after a drop, a bad public review, an off-platform offer.
    dropped = situation(
        [ended("r", 500, days_before(DAY, 3), stars=2.0, in_question=True)],
        DAY,
        freelancer={"shown_jss": 89, "previous_jss": 100},
        events={"off_platform_offer": True},
    )
    # 2019, near the line: an open $0 contract that may start to count.
    idle = {"client": "i", "earnings": 0, "status": "open", "start": "2019-01-10",
            "last_payment": "2019-01-10", "in_question": True}  # fmt: skip
    biweekly = situation(
        [positive("p", 300, days_before(day, 20)), idle],
        day,
        freelancer={"badge": "top-rated", "shown_jss": 90, "shown_jss_high": 91},
    )
    return [now, old, dropped, biweekly]


def test_rich_situations_cover_the_catalogue_with_concrete_reasons() -> None:
    seen: set[str] = set()
    for data in _rich_situations():
        answer = advise(data)  # type: ignore[arg-type]
        ids = [a.id for a in answer.advice]
        assert ids[-1] == "check-insights-page"
        seen.update(ids)
        for item in answer.advice:
            concrete = re.search(r"\$\d|\d%|\d{4}-\d{2}-\d{2}|\b\d+\b", item.why)
            assert concrete, f"{item.id} has no concrete fact: {item.why}"
    assert seen == REQUIRED_IDS


def test_caveat_and_insights_page_are_always_present() -> None:
    answer = advise(situation([], DAY))
    assert "not publish" in answer.caveat and "estimate" in answer.caveat
    ids = [a.id for a in answer.advice]
    assert ids == ["min-history", "check-insights-page"]
    assert answer.estimate.shown is False
    assert answer.to_json()["estimate"]["likely"] is None


def test_contract_dates_after_the_as_of_date_raise_situation_error() -> None:
    data = situation(_four_good(), DAY)
    with pytest.raises(SituationError, match="after the as-of date"):
        advise(data, as_of=date(2025, 1, 1))


@pytest.mark.parametrize(
    ("day", "used", "match"),
    [
        (date(2019, 6, 15), "2019-07-01", "after 2019-06-15"),
        (DAY, "2015-07-01", "started in June 2016"),
        (DAY, "2024-10-01", "ended on 2024-09-03"),
    ],
)
def test_a_perk_use_that_cannot_be_is_corrected_and_the_rest_answered(
    day: date, used: str, match: str
) -> None:
    good = [positive(c, 2_000, days_before(day, 20 + 10 * i)) for i, c in enumerate("abcd")]
    data = situation(good, day, freelancer={"perk_last_used": used}, intents=["use-perk"])
    answer = advise(data)
    (correction,) = answer.corrections
    assert match in correction and used in correction
    assert answer.situation.freelancer.perk_last_used is None
    assert answer.estimate.likely == 100 and answer.headline
    assert answer.to_json()["corrections"] == [correction]


def test_as_of_argument_wins_over_the_situation_date() -> None:
    answer = advise(situation(_four_good(), DAY), as_of=date(2025, 7, 1))
    assert answer.as_of == date(2025, 7, 1)
    forced = advise(situation(_four_good(), DAY), ruleset_id="2020-11")
    assert forced.ruleset == "2020-11"
    assert any("by request" in a for a in forced.estimate.assumptions)


def _why(answer: object, advice_id: str) -> str:
    items = {a.id: a for a in answer.advice}  # type: ignore[attr-defined]
    return str(items[advice_id].why)


def test_the_feedback_window_is_dated_only_once_the_contract_has_ended() -> None:
    open_one = advise(
        situation([*_four_good(), _open_question()], DAY, intents=["end-contract"]), as_of=DAY
    )
    assert "14 days from the end (2025-06-24 if it ends today)" in _why(
        open_one, "who-leaves-feedback"
    )
    closed = {**_open_question(), "status": "ended", "end": "2025-06-05"}
    ended_one = advise(situation([*_four_good(), closed], DAY, intents=["end-contract"]), as_of=DAY)
    assert "has until 2025-06-19" in _why(ended_one, "who-leaves-feedback")


def test_a_contract_whose_state_was_not_said_is_read_both_ways_and_asked_first() -> None:
    # $2,000 so far, a threat of a bad review, open or ended not said. Four good contracts
    # over $1,000 (S = T = 6). Ended with the negative the threat promises: 6/7.5 = 80%;
    # still open, nothing changes yet: 100%.
    q = {"client": "q", "earnings": 2_000, "status": "unknown", "in_question": True}
    events = {"threat_of_bad_feedback": True}
    answer = advise(situation([*_four_good(), q], DAY, events=events))
    s = _by_action(answer.scenarios)
    assert s["if-ended"].available and s["if-ended"].likely == 80
    assert s["wait"].available and s["wait"].likely == 100
    assert s["end-now-feedback"].available and "if it is still open" in s["end-now-feedback"].notes
    assert answer.estimate.likely == 80 and answer.estimate.best == 100
    assert answer.missing[0].key == "contract-5-status"
    assert "still open" in answer.missing[0].question
    known = advise(situation([*_four_good(), {**q, "status": "open"}], DAY, events=events))
    assert not _by_action(known.scenarios)["if-ended"].available
    assert "contract-5-status" not in [fact.key for fact in known.missing]
