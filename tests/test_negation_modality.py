"""Negation and modality: facts said not to hold, and things still to come, are not facts."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advice.situation import FeedbackStatus, Sentiment, Situation
from commands.parsing import parse_text

AS_OF = date(2026, 12, 2)
CONTRACT = " $600 fixed contract, JSS 92%."


def read(text: str) -> Situation:
    return parse_text(text + CONTRACT, as_of=AS_OF).situation


@given(
    st.sampled_from(["He never wrote it", "Nothing in writing", "It's not written anywhere"]),
    st.sampled_from([", only said it on the phone.", ", he's careful in the chat.", "."]),
)
def test_denied_writing_is_no_evidence_in_writing(denial: str, rest: str) -> None:
    text = f"The client threatens 1 star unless I add pages for free. {denial}{rest}"
    assert read(text).events.evidence_in_writing is False


@pytest.mark.parametrize(
    "text",
    [
        "There was no threat or anything, he just didn't like it.",
        "General question, nothing happened yet: if a client ever threatens a bad review "
        "to get free work, what's the right move?",
        "Now a client is threatening to dispute it if I don't refund.",
    ],
)
def test_no_threat_of_feedback_when_none_was_made(text: str) -> None:
    assert read(text).events.threat_of_bad_feedback is False


@pytest.mark.parametrize(
    "threat",
    [
        "Now he wants 3 extra landing pages or he'll leave negative feedback.",
        "Give back $300 or he leaves 2 stars.",
        "Either you add the blog section for the same price or I'm leaving an honest review.",
    ],
)
def test_a_demand_backed_by_feedback_is_a_threat_and_the_feedback_is_to_come(threat: str) -> None:
    situation = read(threat)
    contract = situation.contracts[0]
    assert situation.events.threat_of_bad_feedback
    assert contract.feedback is FeedbackStatus.PENDING
    assert contract.expected is Sentiment.NEGATIVE


def test_feedback_said_as_left_is_given_even_after_a_threat() -> None:
    text = "A client threatened 1 star unless I refunded him, I refused, he left 1 star."
    contract = read(text).contracts[0]
    assert (contract.feedback, contract.stars) == (FeedbackStatus.GIVEN, 1.0)


@pytest.mark.parametrize(("said", "used"), [("I used", True), ("I never used", False)])
def test_a_perk_never_used_is_not_used(said: str, used: bool) -> None:
    situation = read(f"{said} my perk in March 2025. Good time to use it?")
    assert (situation.freelancer.perk_last_used is not None) is used


@pytest.mark.parametrize(
    "said",
    [
        'The client was honest with me: "I\'ll give 2 stars, the app crashed." $3,400 hourly.',
        "He told me he'd leave 2 stars because of the delay. $3,400 hourly.",
    ],
)
def test_feedback_someone_will_give_is_to_come(said: str) -> None:
    contract = parse_text(said, as_of=AS_OF).situation.contracts[0]
    assert (contract.feedback, contract.expected) == (FeedbackStatus.PENDING, Sentiment.NEGATIVE)


def test_not_tr_is_no_badge() -> None:
    situation = parse_text("I'm not TR (88%), $600 fixed job.", as_of=AS_OF).situation
    assert situation.freelancer.badge is not None and situation.freelancer.badge.value == "none"


def test_a_badge_fallen_from_is_not_the_badge_now() -> None:
    text = "Fell from TR+ to plain Top Rated: JSS is 91. About 70 jobs."
    badge = parse_text(text, as_of=AS_OF).situation.freelancer.badge
    assert badge is not None and badge.value == "top-rated"


@pytest.mark.parametrize(
    "question",
    [
        "If I end the contract myself, can the client still leave feedback?",
        "How many days does the client have to leave feedback after the contract ends?",
    ],
)
def test_feedback_asked_about_is_not_feedback_given(question: str) -> None:
    situation = parse_text(f"$2,100 contract, JSS 98. {question}", as_of=AS_OF).situation
    assert situation.contracts[0].feedback is FeedbackStatus.PENDING


def test_a_fact_said_of_a_group_named_next_is_the_group_s() -> None:
    text = "no feedback yet on any of my 3 open contracts ($450, $2k, $90). JSS 89."
    contracts = parse_text(text, as_of=AS_OF).situation.contracts
    assert [(c.earnings, c.status.value) for c in contracts] == [
        (450, "open"),
        (2000, "open"),
        (90, "open"),
    ]


def test_a_career_total_is_no_contract_s_earnings() -> None:
    text = "Six years on here, $180k earned in total, JSS 99%. This week a $45 job ended, 3 stars."
    (contract,) = parse_text(text, as_of=AS_OF).situation.contracts
    assert (contract.earnings, contract.end) == (45, AS_OF)


@pytest.mark.parametrize(
    "text",
    [
        "A client threatened 1 star unless I refunded him, I refused. $120 contract.",
        "Client says he'll file a chargeback with his bank if I don't refund the $500.",
    ],
)
def test_a_refund_only_threatened_or_asked_for_has_not_happened(text: str) -> None:
    assert parse_text(text, as_of=AS_OF).situation.contracts[0].refunded is False


def test_a_total_on_its_own_is_the_contract_s() -> None:
    text = "We worked together for a year, hourly, about $16,000 total. He closed it with 5 stars."
    assert parse_text(text, as_of=AS_OF).situation.contracts[0].earnings == 16000


def test_a_bad_review_said_not_to_come_is_no_bad_feedback() -> None:
    parsed = parse_text(
        "contract 0$, client cancel after 1 day. he say no problem he not give bad review. "
        "jss 95%. it is safe?",
        as_of=date(2026, 12, 2),
    )
    (contract,) = parsed.situation.contracts
    assert contract.private_sentiment is None and contract.expected is None
