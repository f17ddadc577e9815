"""The facts the bot asks about: one wording each, and a choice sets its fact directly."""

from __future__ import annotations

from datetime import date

import pytest

from advice.askable import ASKABLE, AnswerError, answered, ask
from advice.engine import advise
from advice.situation import (
    Badge,
    FeedbackStatus,
    Sentiment,
    Situation,
    Status,
    situation_from_data,
)

DAY = date(2026, 12, 2)


def _situation(earnings: float | None = 900.0) -> Situation:
    contract = {"client": "A", "earnings": earnings, "status": "unknown", "in_question": True}
    return situation_from_data(
        {"contracts": [contract], "events": {"threat_of_bad_feedback": True}, "as_of": DAY}
    )


CHOICE_CASES = [
    (f"contract-1-{field}" if row.about_contract else field, choice.value)
    for field, row in ASKABLE.items()
    for choice in row.choices
]


@pytest.mark.parametrize(("key", "value"), CHOICE_CASES)
def test_every_choice_sets_a_valid_situation_that_the_engine_answers(key: str, value: str) -> None:
    before = _situation()
    after = answered(before, key, value, DAY)
    assert after != before
    assert advise(after).headline


def test_choices_set_the_fact_they_name() -> None:
    s = _situation()
    assert answered(s, "contract-1-status", "open", DAY).contracts[0].status is Status.OPEN
    assert answered(s, "contract-1-earnings", "2000", DAY).contracts[0].earnings == 2000
    given = answered(s, "contract-1-feedback", "4", DAY).contracts[0]
    assert given.feedback is FeedbackStatus.GIVEN and given.stars == 4
    zero = answered(_situation(0.0), "contract-1-feedback", "5", DAY).contracts[0]
    assert zero.stars is None and zero.private_sentiment is Sentiment.POSITIVE
    assert answered(s, "badge", "top-rated", DAY).freelancer.badge is Badge.TOP_RATED
    assert answered(s, "history-jobs", "60", DAY).freelancer.jobs == 60
    assert answered(s, "evidence", "verbal", DAY).events.evidence_in_writing is False
    paid = answered(s, "contract-1-last-payment", "quarter", DAY).contracts[0]
    assert paid.last_payment == date(2026, 7, 20)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("contract-1-status", "maybe", "takes Still open, It has ended"),
        ("contract-9-status", "open", "no contract 9"),
        ("contract-1-badge", "none", "no question"),
        ("status", "open", "no question"),
        ("perk-date", "2024-01-01", "an answer in words"),
    ],
)
def test_answers_that_do_not_fit_say_what_would(key: str, value: str, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        answered(_situation(), key, value, DAY)


def test_every_question_the_engine_asks_has_one_wording_from_the_table() -> None:
    answer = advise(_situation(None))
    assert answer.missing
    for fact in answer.missing:
        assert fact.question == ask(fact.key).question
    status = next(fact for fact in answer.missing if fact.key == "contract-1-status")
    assert [c.label for c in status.choices] == ["Still open", "It has ended"]
    first = answer.to_json()["questions"][0]["choices"][0]
    assert first == {"label": "Still open", "value": "open"}
