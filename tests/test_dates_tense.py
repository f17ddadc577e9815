"""Dates and lengths of time, read by the tense of the sentence they are in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commands.parsing import parse_text
from commands.parsing.dates import last_weekday, months_before

AS_OF = date(2026, 12, 2)  # a Wednesday


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 6))
def test_the_last_weekday_is_within_the_week_before(as_of: date, weekday: int) -> None:
    day = last_weekday(weekday, as_of)
    assert day.weekday() == weekday and 1 <= (as_of - day).days <= 7


def test_ended_monday_is_the_monday_before() -> None:
    text = "The client gave me 2 stars on the $150 job that ended Monday. JSS 95."
    assert parse_text(text, as_of=AS_OF).situation.contracts[0].end == date(2026, 11, 30)


def test_months_and_days_ago_keep_the_months() -> None:
    text = "The $500 contract with the bad private feedback ended 6 months and 2 days ago."
    end = parse_text(text, as_of=AS_OF).situation.contracts[0].end
    assert end == months_before(AS_OF, 6)


@pytest.mark.parametrize(
    "text",
    [
        "Never used my perk in 4 years of Top Rated. A $400 job got 3 stars. JSS 91.",
        "After 3 months of work the client ended the $4,500 contract without a word.",
    ],
)
def test_a_length_in_a_past_sentence_is_no_future_date(text: str) -> None:
    result = parse_text(text, as_of=AS_OF)
    assert not any("You ask about" in line for line in result.understood)


def test_in_three_months_asked_of_the_future_is_said_back() -> None:
    result = parse_text("What will my score be in three months with the $0 contract?", as_of=AS_OF)
    assert any("2027-03-02" in line for line in result.understood)


@pytest.mark.parametrize(
    ("text", "started"),
    [
        ("Hourly contract running for 8 months now, $14k earned.", months_before(AS_OF, 8)),
        ("$0 contract open since August, the client never funded anything.", date(2026, 8, 1)),
    ],
)
def test_an_open_contract_started_when_its_length_says(text: str, started: date) -> None:
    contract = parse_text(text, as_of=AS_OF).situation.contracts[0]
    assert contract.start is not None and abs(contract.start - started) <= timedelta(days=1)
