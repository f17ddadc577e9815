"""Calibration figures against a small set computed by hand, and read from stored cases."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from advice.tunables import TUNABLES
from commands.calibration import Outcome, calibrate, outcome_of
from storage.interface import Case, CaseDraft


def o(
    ruleset: str, kind: str, tags: tuple[str, ...], bw: tuple[float, float, float], reported: float
) -> Outcome:
    best, likely, worst = bw
    return Outcome(ruleset, kind, tags, best, likely, worst, reported)


# Five cases. Inside best-worst: #1 (88 in 80-92), #2 (90 in 85-95), #4 (75 in 70-80).
# Errors of likely (reported - likely): -2, +0, -10, -3, +6 -> MAE 21/5 = 4.2, bias -9/5 = -1.8.
HAND = [
    o("2025", "impact", ("zero-dollar",), (92, 90, 80), 88),
    o("2025", "impact", ("top-rated",), (95, 90, 85), 90),
    o("2025", "recovery", ("zero-dollar",), (95, 92, 88), 82),
    o("2016-06", "impact", ("zero-dollar", "top-rated"), (80, 78, 70), 75),
    o("2016-06", "timing", (), (90, 88, 86), 94),
]


def test_overall_figures_match_the_hand_computation() -> None:
    report = calibrate(HAND)
    assert report is not None
    assert report.overall.count == 5
    assert report.overall.inside == pytest.approx(3 / 5)
    assert report.overall.mae == pytest.approx(4.2)
    assert report.overall.bias == pytest.approx(-1.8)


def test_groups_match_the_hand_computation() -> None:
    report = calibrate(HAND)
    assert report is not None
    rulesets = {g.name: g for g in report.by_ruleset}
    # 2025: errors -2, 0, -10 -> MAE 4, two of three inside; 2016-06: -3, +6 -> MAE 4.5.
    assert (rulesets["2025"].count, rulesets["2025"].mae) == (3, pytest.approx(4.0))
    assert rulesets["2025"].inside == pytest.approx(2 / 3)
    assert rulesets["2016-06"].mae == pytest.approx(4.5)
    kinds = {g.name: g for g in report.by_kind}
    assert kinds["impact"].count == 3 and kinds["impact"].mae == pytest.approx(5 / 3)
    assert kinds["timing"].bias == pytest.approx(6.0)
    tags = {g.name: g for g in report.by_tag}
    # zero-dollar: #1, #3, #4: errors -2, -10, -3 -> MAE 5, bias -5, inside 2/3.
    assert tags["zero-dollar"].mae == pytest.approx(5.0)
    assert tags["zero-dollar"].bias == pytest.approx(-5.0)
    assert tags["zero-dollar"].inside == pytest.approx(2 / 3)
    assert tags["top-rated"].count == 2


def test_the_report_points_at_the_assumption_behind_the_worst_misses() -> None:
    # Enough $0 cases, all too hopeful, and top-rated cases that come true.
    zero = [o("2025", "impact", ("zero-dollar",), (92, 90, 85), 80)] * 5
    fine = [o("2025", "impact", ("top-rated",), (95, 93, 90), 93)] * 5
    report = calibrate(zero + fine)
    assert report is not None
    assert "the weight of a $0 negative contract" in report.points_at
    assert "too hopeful" in report.points_at
    assert "unchanged" in report.points_at


def test_too_few_cases_point_at_nothing() -> None:
    report = calibrate(HAND)
    assert report is not None
    assert report.points_at.startswith("Too few outcomes")
    assert calibrate([]) is None


def _case(outcome: str | None, estimate: dict[str, object]) -> Case:
    draft = CaseDraft(
        "C-TEST001",
        "k",
        date(2026, 3, 2),
        "test",
        "slash",
        "u",
        "c",
        None,
        "2025",
        {},
        estimate,
        (),
        ("zero-dollar",),
        "",
    )
    return Case(draft, outcome=outcome)


def test_a_stored_case_gives_its_outcome() -> None:
    estimate = {
        "best": 92.0,
        "likely": 88.0,
        "worst": 80.0,
        "question_kind": "impact",
        "change": {"best": 0.0, "likely": -4.0, "worst": -12.0},
    }
    assert outcome_of(_case("85%", estimate)) == Outcome(
        "2025", "impact", ("zero-dollar",), 92.0, 88.0, 80.0, 85.0
    )
    # "no change": the score the answer started from (likely minus its change).
    reported = outcome_of(_case("no change", estimate))
    assert reported is not None and reported.reported == 92.0
    assert outcome_of(_case(None, estimate)) is None
    assert outcome_of(_case("85%", {"best": None, "likely": None, "worst": None})) is None


def test_calibrate_on_the_command_line_reads_the_case_log(tmp_path: Path) -> None:
    from tests.test_cli import jss

    empty = jss(tmp_path, "calibrate")
    assert empty.returncode == 0, empty.stderr
    assert "No case has a reported outcome yet" in empty.stdout
    checked = jss(
        tmp_path,
        "run",
        "--adapter",
        "console",
        stdin="/jss check JSS 92%, Top Rated, a client went silent on an open hourly "
        "contract 4 months ago\n",
    )
    case_id = re.search(r"C-[0-9A-Z]+", checked.stdout)
    assert case_id is not None, checked.stdout
    jss(tmp_path, "run", "--adapter", "console", stdin=f"/jss outcome {case_id[0]} 90%\n")
    report = jss(tmp_path, "calibrate")
    assert report.returncode == 0, report.stderr
    assert "All cases: 1 cases" in report.stdout
    assert "- 2025: 1 cases" in report.stdout
    assert "By question kind" in report.stdout
    assert "- top-rated: 1 cases" in report.stdout


@pytest.mark.parametrize(
    ("tag", "name"),
    [(tag, a.name) for a in TUNABLES.assumptions for tag in a.tags],
)
def test_misses_of_each_tag_point_at_its_assumption_in_the_file(tag: str, name: str) -> None:
    missed = [o("2025", "impact", (tag,), (92, 90, 85), 96)] * 5
    fine = [o("2025", "impact", ("refund",), (95, 93, 90), 93)] * 5
    report = calibrate(missed + fine)
    assert report is not None
    assert f"The errors point at {name} (advice/assumptions.toml)" in report.points_at
    assert tag in report.points_at and "too gloomy" in report.points_at
    leaning = {group.name: group for group in report.by_assumption}
    assert leaning[name].count == 5 and leaning[name].mae == pytest.approx(6.0)
