"""The kind of question, from the question the member asks rather than the story around it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advice.situation import QuestionKind
from commands.parsing.question_cues import Asked, cue_map

K = QuestionKind


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("is that why?", K.DIAGNOSIS),
        ("which one tanked me?", K.DIAGNOSIS),
        ("shouldn't it be back to 93?", K.DIAGNOSIS),
        ("what can i do to get it back?", K.RECOVERY),
        ("how many more 5 star jobs do i need?", K.RECOVERY),
        ("what's the fastest way back above 90?", K.RECOVERY),
        ("when does it stop counting?", K.TIMING),
        ("how many days does the client have to leave feedback?", K.TIMING),
        ("can i use it again?", K.ELIGIBILITY),
        ("when will i see a jss?", K.ELIGIBILITY),
        ("can a client change his review after it's posted?", K.TERMS),
        ("is this extortion?", K.TERMS),
        ("does his review still count?", K.IMPACT),
        ("would the same thing hurt me today?", K.IMPACT),
        ("what's the difference between the jss and my star average?", K.OTHER),
        ("when's the smartest time to close it?", K.TIMING),
        ("what does it take to get back to 95: how many projects, or how long?", K.RECOVERY),
        ("when does it go back up?", K.TIMING),
        ("is it even possible to climb back, or should i start over?", K.RECOVERY),
        ("can i use the perk on it?", K.ELIGIBILITY),
        ("is that just the math or is something else dragging me down?", K.DIAGNOSIS),
        ("can i open a dispute to get paid for milestone 2?", K.TERMS),
        ("when does the jss actually update?", K.TIMING),
        ("will it come back?", K.IMPACT),
        ("the client paid $500 for a logo.", None),
    ],
)
def test_a_sentence_asks_its_kind(sentence: str, kind: QuestionKind | None) -> None:
    assert cue_map(sentence).kind_between(0, len(sentence)) == kind


def _read(asked: Asked, sentence: str, question: bool) -> None:
    asked.read(sentence, 0, len(sentence), question, cue_map(sentence))


def test_a_question_outweighs_a_statement() -> None:
    asked = Asked()
    _read(asked, "i want to recover my score one day.", question=False)
    _read(asked, "is that why?", question=True)
    assert asked.settle(has_score=True) is K.DIAGNOSIS


def test_wondering_is_asking() -> None:
    asked = Asked()
    _read(asked, "i'm planning to raise my jss.", question=False)
    _read(asked, "i always wondered if those jobs dragged it down.", question=False)
    _read(asked, "thanks.", question=False)
    assert asked.settle(has_score=True) is K.DIAGNOSIS  # asked, though without a question mark


@given(st.sampled_from([K.DIAGNOSIS, K.RECOVERY]))
def test_without_a_score_why_and_how_are_eligibility(kind: QuestionKind) -> None:
    asked = Asked()
    _read(asked, "why?" if kind is K.DIAGNOSIS else "how do i get back?", question=True)
    assert asked.settle(has_score=False) is K.ELIGIBILITY
    assert asked.settle(has_score=None) is kind
