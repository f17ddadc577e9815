"""The score now and the score before, however a member words the change."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commands.parsing import parse_text

AS_OF = date(2026, 12, 2)
TAIL = " The client left 1 star on a $300 fixed contract."

# (wording, which of the two scores is the one now): every way of telling a change.
CHANGES = (
    ("My JSS dropped from {a}% to {b}%.", "b"),
    ("My JSS went down to {b} from {a} overnight.", "b"),
    ("JSS was {a} last week, now {b}.", "b"),
    ("JSS {b}, was {a} in summer.", "b"),
    ("JSS went {a} -> {b}.", "b"),
    ("Top Rated, JSS now {b} from {a}.", "b"),
    ("My score went {a} to {b} the day after it closed.", "b"),
    ("JSS still {b}, it was {a} before the review.", "b"),
    ("JSS was {a}% until this week and now it's {b}%.", "b"),
    ("My JSS is {b} (was {a} two months ago).", "b"),
)
scores = st.integers(min_value=0, max_value=100)


@given(scores, scores, st.sampled_from(CHANGES))
def test_a_change_gives_the_score_now_and_before(a: int, b: int, change: tuple[str, str]) -> None:
    wording, _ = change
    freelancer = parse_text(wording.format(a=a, b=b) + TAIL, as_of=AS_OF).situation.freelancer
    assert (freelancer.shown_jss, freelancer.previous_jss) == (b, a)


@given(st.integers(min_value=80, max_value=100))
def test_a_target_is_not_the_score(score: int) -> None:
    text = f"Goal this year is 95% JSS. I'm at {score}. Will this help me get back to 99?" + TAIL
    freelancer = parse_text(text, as_of=AS_OF).situation.freelancer
    assert freelancer.shown_jss == score


def test_a_number_counting_something_is_not_a_score() -> None:
    text = "JSS 94%. Now 1 client on a fixed $1,200 project says he is not satisfied."
    assert parse_text(text, as_of=AS_OF).situation.freelancer.shown_jss == 94


def test_a_score_only_before_leaves_the_score_now_unsaid() -> None:
    text = "Got 3.5 stars on a $1,250 project. 93% before, haven't checked since."
    freelancer = parse_text(text, as_of=AS_OF).situation.freelancer
    assert (freelancer.shown_jss, freelancer.previous_jss) == (None, 93)


def test_a_score_that_disappeared_is_no_score_now() -> None:
    text = "my JSS just disappeared from my profile?? it was 93%. One hourly client, still going."
    freelancer = parse_text(text, as_of=AS_OF).situation.freelancer
    assert (freelancer.has_score, freelancer.shown_jss, freelancer.previous_jss) == (
        False,
        None,
        93,
    )


def test_a_score_asked_for_is_a_target() -> None:
    text = "My JSS went from 100% to 89% overnight. How many jobs to get back to 90? And to 95?"
    freelancer = parse_text(text + TAIL, as_of=AS_OF).situation.freelancer
    assert (freelancer.shown_jss, freelancer.previous_jss) == (89, 100)


@pytest.mark.parametrize(
    ("text", "now", "before", "has_score"),
    [
        (
            "Used my perk last week. JSS still shows 90. When will the update kick in?",
            90,
            None,
            True,
        ),
        ("My big contract closed Monday and my score hasn't moved from 95.", 95, None, True),
        ("My JSS (92%) disappeared from my profile this week.", None, 92, False),
        (
            "Three jobs, all 5 stars, but my profile still doesn't show a Job Success Score.",
            None,
            None,
            False,
        ),
    ],
)
def test_a_score_said_as_it_stands(
    text: str, now: int | None, before: int | None, has_score: bool
) -> None:
    freelancer = parse_text(text + TAIL, as_of=AS_OF).situation.freelancer
    assert (freelancer.shown_jss, freelancer.previous_jss) == (now, before)
    assert freelancer.has_score is has_score
