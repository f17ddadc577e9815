"""Property tests of answers that start from the member's stated score (JSS_MODEL 9).

- With a stated score and no new event, the likely figure is the stated score.
- One added negative of weight w costs no more than section 9's arithmetic allows for
  the smallest history the member's count permits.
- More history behind the same score never makes a single negative hurt more.
- Whatever the situation, the answer's words are grammatical templates filled in.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from advice.engine import advise
from advice.situation import situation_from_data
from advice.tables import COUNT_SPREAD, ROUNDING
from advice.weights import band_weight

PROPS = settings(max_examples=150, deadline=None)

DAYS = st.sampled_from(
    [date(2017, 5, 14), date(2019, 6, 12), date(2020, 6, 1), date(2022, 3, 3), date(2026, 12, 2)]
)
BADGES = st.sampled_from([None, "none", "top-rated", "top-rated-plus", "rising-talent"])


def _data(day: date, freelancer: dict[str, Any], contracts: list[dict[str, Any]]) -> Any:
    return situation_from_data(
        {"freelancer": freelancer, "contracts": contracts, "as_of": day.isoformat()}
    )


@st.composite
def stated(draw: st.DrawFn) -> dict[str, Any]:
    """A freelancer as a member states it: a score, a badge, maybe a count of jobs."""
    shown = draw(st.integers(0, 100))
    freelancer: dict[str, Any] = {"shown_jss": shown, "badge": draw(BADGES)}
    if draw(st.booleans()):
        freelancer["jobs"] = draw(st.integers(1, 2_000))
    return freelancer


@PROPS
@given(stated(), DAYS)
def test_with_no_new_event_the_likely_figure_is_the_stated_score(
    freelancer: dict[str, Any], day: date
) -> None:
    answer = advise(_data(day, freelancer, []))
    assert answer.baseline.fits
    assert answer.estimate.shown and answer.estimate.likely is not None
    assert abs(answer.estimate.likely - freelancer["shown_jss"]) <= 1
    assert answer.estimate.change is not None and abs(answer.estimate.change.likely or 0) <= 1


def _negative(day: date, earnings: float) -> dict[str, Any]:
    # Ended today with poor feedback (public stars when paid; a $0 contract can only carry
    # private feedback): negative in every reading, a known weight.
    feedback = {"stars": 1.0} if earnings else {"private_sentiment": "negative"}
    return {
        "client": "q",
        "earnings": earnings,
        "status": "ended",
        "end": day.isoformat(),
        "feedback": "given",
        "in_question": True,
        **feedback,
    }


@PROPS
@given(
    st.integers(50, 100),
    st.integers(1, 2_000),
    st.sampled_from([0.0, 100.0, 600.0, 5_000.0]),
    DAYS,
)
def test_one_negative_costs_no_more_than_the_smallest_history_allows(
    shown: int, jobs: int, earnings: float, day: date
) -> None:
    answer = advise(_data(day, {"shown_jss": shown, "jobs": jobs}, [_negative(day, earnings)]))
    likely = answer.estimate.likely
    assert likely is not None
    rs_weighted = answer.ruleset not in ("2015-03", "2016-06")
    w = band_weight(earnings) if rs_weighted and earnings else 1.0
    # S/T = J before; one negative of weight w: J T / (T + w), smallest T = half the count.
    smallest = COUNT_SPREAD[0] * max(jobs - 1, 1)
    allowed = shown * w / (smallest + w)
    assert shown - likely <= allowed + 2 * ROUNDING + 1e-9
    assert likely <= shown


@PROPS
@given(
    st.integers(50, 100),
    st.integers(1, 1_000),
    st.integers(1, 1_000),
    st.sampled_from([0.0, 100.0, 600.0, 5_000.0]),
    DAYS,
)
def test_more_history_never_makes_one_negative_hurt_more(
    shown: int, fewer: int, more: int, earnings: float, day: date
) -> None:
    fewer, more = sorted((fewer, more))
    small = advise(_data(day, {"shown_jss": shown, "jobs": fewer}, [_negative(day, earnings)]))
    large = advise(_data(day, {"shown_jss": shown, "jobs": more}, [_negative(day, earnings)]))
    assert small.estimate.likely is not None and large.estimate.likely is not None
    assert large.estimate.likely >= small.estimate.likely
    assert (large.estimate.worst or 0) >= (small.estimate.worst or 0)


# Words that only appear when a template is filled in wrong.
_UNGRAMMATICAL = re.compile(
    r"[{}]|\bNone\b|\b1 (?:jobs|clients|outcomes|points|contracts)\b|\bthe an\b|job' "
    r"|no score to no score|between (\S+) and \1|  |about up to|\b0-[0-9]"
)


@st.composite
def any_situation(draw: st.DrawFn) -> Any:
    day = draw(DAYS)
    freelancer = draw(stated()) if draw(st.booleans()) else {"badge": draw(BADGES)}
    if draw(st.booleans()) and freelancer.get("shown_jss") is not None:
        freelancer["previous_jss"] = draw(st.integers(freelancer["shown_jss"], 100))
    contracts = []
    for n in range(draw(st.integers(0, 3))):
        contract: dict[str, Any] = {
            "client": f"c{n}",
            "earnings": draw(st.sampled_from([None, 0.0, 150.0, 900.0, 4_000.0])),
            "status": draw(st.sampled_from(["open", "ended"])),
            "in_question": n == 0,
        }
        if contract["status"] == "ended":
            contract["feedback"] = draw(st.sampled_from(["pending", "none"]))
        contracts.append(contract)
    events = {
        "threat_of_bad_feedback": draw(st.booleans()),
        "off_platform_offer": draw(st.booleans()),
    }
    data = {
        "freelancer": freelancer,
        "contracts": contracts,
        "events": events,
        "as_of": day.isoformat(),
    }
    return situation_from_data(data)


@PROPS
@given(any_situation())
def test_every_sentence_of_an_answer_is_a_filled_template(situation: Any) -> None:
    answer = advise(situation)
    texts = [answer.headline, *answer.corrections, *(fact.question for fact in answer.missing)]
    texts += [text for item in answer.advice for text in (item.title, item.short, item.why)]
    for text in texts:
        assert text and text[0].isupper(), text
        assert not _UNGRAMMATICAL.search(text), text


@PROPS
@given(
    st.integers(50, 99),
    st.one_of(st.none(), st.integers(1, 2_000)),
    st.sampled_from([0.0, 100.0, 600.0, 5_000.0]),
    DAYS,
)
def test_a_negative_already_in_the_stated_score_is_read_with_history_enough_for_it(
    shown: int, jobs: int | None, earnings: float, day: date
) -> None:
    # Ended 60 days ago: its feedback window closed, so the score the member sees counts
    # it. However small the count (or the prior), the score is evidence of the history
    # around it, so the answer starts from it instead of a lower figure.
    negative = _negative(day, earnings) | {"end": (day - timedelta(days=60)).isoformat()}
    freelancer: dict[str, Any] = {"shown_jss": shown}
    if jobs is not None:
        freelancer["jobs"] = jobs
    answer = advise(_data(day, freelancer, [negative]))
    assert answer.baseline.question_counted
    assert answer.baseline.fits
    assert answer.estimate.likely is not None and abs(answer.estimate.likely - shown) <= 1


def _foreseen(kind: str) -> Any:
    day = date(2026, 12, 2)
    data = {
        "freelancer": {"shown_jss": 95, "jobs": 40},
        "contracts": [
            {"client": "q", "earnings": 600.0, "status": "open", "in_question": True}
            | {"expected": "negative"}
        ],
        "question": kind,
        "as_of": day.isoformat(),
    }
    return advise(situation_from_data(data))


def test_a_question_of_what_it_does_is_answered_with_the_foreseen_feedback_landed() -> None:
    answer = _foreseen("impact")
    ended = next(s for s in answer.scenarios if s.action == "end-now-feedback")
    assert answer.estimate.likely is not None and answer.estimate.likely < 95
    assert answer.estimate.likely == ended.likely


def test_a_question_of_terms_is_answered_from_the_score_as_it_is() -> None:
    answer = _foreseen("terms")
    ended = next(s for s in answer.scenarios if s.action == "end-now-feedback")
    assert answer.estimate.likely == 95
    assert answer.estimate.change is not None and answer.estimate.change.likely == 0
    # What the foreseen review would do is still there, in the scenarios.
    assert ended.likely is not None and ended.likely < 95


def _silent_zero(day: date, intents: list[str]) -> Any:
    data = {
        "freelancer": {"shown_jss": 90, "shown_jss_high": 91, "badge": "top-rated"},
        "contracts": [
            {
                "client": "q",
                "earnings": 0.0,
                "status": "open",
                "last_payment": (day - timedelta(days=100)).isoformat(),
                "in_question": True,
            }
        ],
        "events": {"client_unresponsive": True},
        "intents": intents,
        "question": "impact",
        "as_of": day.isoformat(),
    }
    return advise(situation_from_data(data))


def test_if_i_end_it_is_answered_with_it_ended_and_a_silent_client_leaving_no_feedback() -> None:
    # 2019: a $0 contract that ends without feedback counts as a negative (W13).
    ended = _silent_zero(date(2019, 3, 10), ["end-contract"])
    kept = _silent_zero(date(2019, 3, 10), [])
    assert ended.estimate.likely is not None and ended.estimate.likely < 90
    assert kept.estimate.likely is not None and kept.estimate.likely >= 90
    # Today it would be excluded: ending it changes nothing likely (W12).
    today = _silent_zero(date(2026, 12, 2), ["end-contract"])
    assert today.estimate.likely is not None and 90 <= today.estimate.likely <= 91


@PROPS
@given(st.integers(80, 100), st.integers(1, 15), st.integers(0, 5), DAYS)
def test_a_negative_behind_a_drop_that_stops_counting_gives_the_score_back(
    before: int, fall: int, months_ago: int, day: date
) -> None:
    # "It dropped from 93 to 86 because of that review; the client just got suspended":
    # whenever in the last six months the review was left (older, the 6-month window
    # shows the score without it, so it cannot have caused the drop), the history
    # behind the drop is what it was before.
    after = before - fall
    negative = _negative(day, 500.0) | {
        "end": (day - timedelta(days=30 * months_ago)).isoformat(),
        "client_suspended": True,
    }
    freelancer = {"shown_jss": after, "previous_jss": before}
    answer = advise(_data(day, freelancer, [negative]))
    assert answer.estimate.likely is not None
    assert abs(answer.estimate.likely - before) <= 1 + ROUNDING
