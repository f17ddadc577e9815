"""What one fact sets on one contract being read: status, pay, refund, feedback.

A broad fact never overwrites a specific one ("went well" after "4 stars"), and
feedback spoken of as a threat or in the future is the feedback to expect,
not feedback given.
"""

from __future__ import annotations

from collections.abc import Callable

from advice.situation import FeedbackStatus
from commands.parsing.contracts import FACT_SETTERS, FEEDBACK_FIELDS, FEEDBACK_OWN_FIELD, Draft
from commands.parsing.feedback import (
    EXPECTABLE,
    GIVEN,
    expected_from_rating,
    expected_from_stars,
)
from commands.parsing.kinds import Kind
from commands.parsing.lexer import Token
from commands.parsing.phrasing import score_value

Unread = Callable[[Token, str], None]
_STARS = frozenset({Kind.STARS, Kind.STAR_RUN})
_SCORED = frozenset({*_STARS, Kind.RATING})
"""Feedback said as a number: stars, or a 0-10 rating."""


def apply_fact(
    draft: Draft,
    tok: Token,
    expecting: bool,
    *,
    force: bool,
    sentence: int,
    unread: Unread,
) -> None:
    """Set one fact on one draft; a broad fact never overwrites a specific one.

    `sentence` is the number of the sentence being read, `unread` says back a fact
    that cannot be placed.
    """
    kind = tok.kind
    if kind in GIVEN or kind in _SCORED:
        own = FEEDBACK_OWN_FIELD.get(kind)
        if not force and (
            getattr(draft, own) is not None
            if own
            else any(getattr(draft, name) is not None for name in FEEDBACK_FIELDS)
        ):
            return
        _apply_feedback(draft, tok, expecting, sentence, unread)
        return
    setter = FACT_SETTERS.get(kind)
    if setter is not None:
        name, value = setter
        if force or getattr(draft, name) in (None, False):
            setattr(draft, name, value)
    if kind == Kind.DORMANT:
        draft.dormant = True


def _apply_feedback(
    draft: Draft, tok: Token, expecting: bool, sentence: int, unread: Unread
) -> None:
    kind = tok.kind
    if expecting and kind in _SCORED:
        # "threatens 1 star", "will give 10/10": feedback to come, not given.
        value = score_value(tok)
        if kind == Kind.RATING:
            draft.expected = expected_from_rating(int(value))
        else:
            draft.expected = expected_from_stars(value)
        return
    if kind in _STARS and draft.earnings == 0 and draft.earnings_sentence != sentence:
        # Stars said elsewhere than the $0 are more likely about something else
        # (another client, another hire) than an impossible contract.
        unread(tok, "stars on a $0 contract (not possible): left out")
        return
    if kind in _STARS:
        draft.stars = score_value(tok)
        draft.feedback = FeedbackStatus.GIVEN
    elif kind == Kind.RATING:
        value = score_value(tok)
        if value != int(value):
            unread(tok, "a 0-10 rating is a whole number")
            return
        draft.private_rating = int(value)
        draft.feedback = FeedbackStatus.GIVEN
    elif expecting and kind in EXPECTABLE:
        draft.expected = EXPECTABLE[kind]
    else:
        status, sentiment = GIVEN[kind]
        if sentiment is not None and draft.stars is None and draft.private_rating is None:
            draft.private_sentiment = sentiment
        if draft.feedback is not FeedbackStatus.GIVEN or status is FeedbackStatus.GIVEN:
            draft.feedback = status
