"""Phrases about the client's feedback, and the words that make it an expectation.

A negative or positive phrase is feedback *given* unless the sentence speaks of
the future or a threat ("likely to leave a negative review"), then it is the
feedback the member *expects* while it is pending. Words about how things went
("went very well", "bad review") without stars or a rating are recorded as the
sentiment of the feedback (`private_sentiment`), which is what decides the
outcome; stars and 0-10 ratings come from their own number tokens.
"""

from __future__ import annotations

from advice.outcomes import LIKELY, SENTIMENT_KIND, rating_kind, stars_kinds
from advice.situation import FeedbackStatus, Sentiment
from commands.parsing.kinds import Kind

_FB = r"(?:feedback|reviews?|ratings?|scores?|notes?)"
_BAD = r"(?:bad|negative|poor|low|terrible|awful|horrible|harsh|unfair|lousy|scathing|mediocre)"
_GOOD = r"(?:good|great|positive|excellent|glowing|perfect|nice|stellar|amazing|high|top|solid)"
_LEAVE = r"(?:leave|leaves|leaving|left|give|gives|giving|gave|given|write|wrote|submit|submitted)"
_NOT_DONE = r"(?:hasn't|has not|haven't|have not|didn't|did not|never|won't|will not|wouldn't)"

FEEDBACK_CUES: tuple[tuple[Kind, str], ...] = (
    # Explicitly not given yet: stays pending, and is said back as read.
    (
        Kind.FB_PENDING,
        rf"no {_FB} yet|{_NOT_DONE} (?:yet )?{_LEAVE} (?:any |a |me |their |his |her )?{_FB} yet"
        rf"|{_FB} (?:is )?(?:still )?pending|waiting (?:for|on) (?:the |his |her |their )?{_FB}"
        rf"|(?:still )?within the (?:14[- ]day |feedback )?window",
    ),
    (
        Kind.FB_NONE,
        rf"no {_FB}|(?:without|w/o) (?:any |a )?{_FB}"
        rf"|{_NOT_DONE} {_LEAVE} (?:any |a |me |their )?{_FB}"
        rf"|(?:feedback|14[- ]day) window (?:closed|passed|expired|ended)",
    ),
    (Kind.FB_NEG_PRIVATE, rf"{_BAD} private {_FB}|private {_FB} (?:was |is |were )?{_BAD}"),
    (Kind.FB_POS_PRIVATE, rf"{_GOOD} private {_FB}|private {_FB} (?:was |is |were )?{_GOOD}"),
    (
        Kind.FB_NEUTRAL_PRIVATE,
        rf"(?:neutral|average|ok|okay|so-so) private {_FB}|private {_FB} (?:was |is )?neutral",
    ),
    (
        Kind.FB_NEG,
        rf"{_BAD} (?:public )?{_FB}|1[- ]star|(?:went|ended) (?:badly|poorly|bad)"
        r"|negative (?:contract|job|project|outcome)"
        r"|(?:didn't|did not|doesn't|did't) go (?:well|smoothly)|(?:unhappy|angry|upset) client"
        r"|client (?:was |is )?(?:unhappy|angry|upset|dissatisfied|not happy|not satisfied)",
    ),
    (
        Kind.FB_POS,
        rf"{_GOOD} (?:public )?{_FB}|went (?:very |really |super |pretty |extremely )?"
        r"(?:well|great|smoothly|fine|perfectly)|(?:happy|satisfied|thrilled) clients?"
        r"|clients? (?:was |were |are |is )?(?:very |really )?(?:happy|satisfied|thrilled)"
        r"|positive|successful|smooth",
    ),
    (Kind.FB_GIVEN, rf"{_LEAVE} (?:me )?(?:a |the |their |his |her )?{_FB}|with {_FB}"),
    # Past-tense words: the feedback is already there, whatever else the sentence fears.
    (Kind.PAST, r"left|gave|received|got|wrote|submitted|already|ended with"),
    # Words of likelihood or fear: a feedback phrase next to them is expected, not given.
    (
        Kind.FUTURE,
        r"likely|probably|might|going to|gonna|will|would|may|afraid|worried|fears?|scared"
        r"|(?:i|he|she|they|we|you)(?:'ll|'d)"
        r"|expects?|expecting|could|if (?:he|she|they|the client)"
        r"|when (?:we|i|it|the (?:contract|job|project|work)) (?:finish|finishes|ends?|closes?"
        r"|completes?|(?:is|are) (?:done|over|finished|closed))",
    ),
)

# What each cue sets on a contract when it is feedback already given.
GIVEN: dict[Kind, tuple[FeedbackStatus, Sentiment | None]] = {
    Kind.FB_PENDING: (FeedbackStatus.PENDING, None),
    Kind.FB_NONE: (FeedbackStatus.NONE, None),
    Kind.FB_NEG_PRIVATE: (FeedbackStatus.GIVEN, Sentiment.NEGATIVE),
    Kind.FB_POS_PRIVATE: (FeedbackStatus.GIVEN, Sentiment.POSITIVE),
    Kind.FB_NEUTRAL_PRIVATE: (FeedbackStatus.GIVEN, Sentiment.NEUTRAL),
    Kind.FB_NEG: (FeedbackStatus.GIVEN, Sentiment.NEGATIVE),
    Kind.FB_POS: (FeedbackStatus.GIVEN, Sentiment.POSITIVE),
    Kind.FB_GIVEN: (FeedbackStatus.GIVEN, None),
}

# Cues that become the expected feedback when the sentence speaks of the future.
EXPECTABLE: dict[Kind, Sentiment] = {
    Kind.FB_NEG: Sentiment.NEGATIVE,
    Kind.FB_NEG_PRIVATE: Sentiment.NEGATIVE,
    Kind.FB_POS: Sentiment.POSITIVE,
    Kind.FB_POS_PRIVATE: Sentiment.POSITIVE,
}

_AS_SENTIMENT = {kind: sentiment for sentiment, kind in SENTIMENT_KIND.items()}


def expected_from_stars(stars: float) -> Sentiment:
    """Threatened or promised stars ("threatens 1 star") as the feedback to expect,
    read by the engine's own star bands (their likely reading)."""
    return _AS_SENTIMENT[stars_kinds(stars)[LIKELY]]


def expected_from_rating(rating: int) -> Sentiment:
    """A threatened or promised 0-10 rating as the feedback to expect."""
    return _AS_SENTIMENT[rating_kind(rating)]
