"""The kinds of token the text reader recognises, each named once.

Grouped as the rule tables that produce them. A kind misspelt anywhere fails at
import instead of silently never matching; each value is the member's name in lower
case.
"""

from __future__ import annotations

from enum import StrEnum, auto


class Kind(StrEnum):
    """What one token marks."""

    # Dates and spans of time (dates.py).
    ISO_DATE = auto()  # "2024-03-02"
    SPAN = auto()  # a length or distance of time: "for 3 months", "2 weeks ago"
    MONTH_DATE = auto()  # a month, with its day or year: "since March", "March 5, 2024"
    RELATIVE = auto()  # a date named by a word: "yesterday", "last month"
    WEEKDAY = auto()  # the most recent such day: "ended Monday"
    SEASON = auto()  # a season: "last summer"
    YEAR = auto()  # a year, a date only after a word such as "in" or "since"

    # Amount-like words (money.py).
    RATE = auto()  # an hourly rate: "$40/h"
    MONEY_RANGE = auto()  # a range of amounts: "$500 to $4,000"
    MONEY = auto()  # an amount of money: "$5,600", "5.6k"
    PERCENT_RANGE = auto()  # a range of percentages: "90-91%"
    PERCENT = auto()  # a percentage: "89%"
    RATING = auto()  # a 0-10 rating: "9/10"
    STARS = auto()  # a star count: "4.5 stars", "5/5"
    STAR_RUN = auto()  # stars drawn as symbols: "⭐⭐⭐"
    HOURS = auto()  # hours worked: "120 hours"
    POINTS = auto()  # a change of the score: "cost me 11 points"

    # Contracts and groups of them (contracts.py).
    HISTORY = auto()  # the size of a history: "14 five-star reviews"
    TENURE = auto()  # when the member began, no contract of its own: "my first contract"
    HEADER = auto()  # a counted group: "3 other contracts", "2 $300 contracts"
    HEADER_OTHER = auto()  # other contracts, uncounted: "the other contracts"
    ANOTHER = auto()  # a group of one: "another contract"
    MAIN = auto()  # back to the contract in question: "this contract", "the $0 one"
    ORDINAL = auto()  # a member of the group just named, by place: "the second one"
    SUBQ = auto()  # some members of a group: "3 with 5 stars"
    SUBQ_REST = auto()  # the members left, or one: "the rest", "one of them"
    QUANT_ALL = auto()  # every member of a group: "all of them", "each"
    GROUP_REF = auto()  # the group named before: "they", "those"
    SAME_CLIENT = auto()  # one client for several contracts: "same client"
    ZERO = auto()  # earnings of zero said in words: "nothing was paid"
    PAY_FIXED = auto()  # fixed-price pay: "fixed price", "milestone-based"
    PAY_HOURLY = auto()  # hourly pay: "hourly", "per hour"
    MILESTONE = auto()  # milestones, paid on fixed-price contracts only
    ST_OPEN = auto()  # an open contract: "still open", "ongoing"
    ONGOING = auto()  # work still going on: "keeps asking", "won't approve"
    DORMANT = auto()  # a contract gone quiet: "no activity", "on hold"
    ST_ENDED = auto()  # an ended contract: "closed", "completed"
    STARTED = auto()  # when a contract began: "started", "hired me"
    SPAN_VERB = auto()  # a contract's length follows: "ran", "lasted"
    LABEL = auto()  # the member's own name for a contract in a list: "contract a:"
    NOUN = auto()  # a contract named: "the client", "this job"

    # The member's standing (status.py).
    REACH_TR = auto()  # Top Rated wished for: "reach top rated"
    KEEP_TR = auto()  # Top Rated held and feared for: "keep my top rated"
    LOST_TR = auto()  # Top Rated lost: "lost my top rated badge"
    BADGE_NONE = auto()  # no badge: "not top rated"
    BADGE_TRPLUS = auto()  # "top rated plus"
    BADGE_TR_LOW = auto()  # Top Rated, near losing it: "lower end of top rated"
    BADGE_TR = auto()  # "top rated", "tr"
    BADGE_RISING = auto()  # "rising talent"
    BADGE_EXPERT = auto()  # "expert-vetted"
    NO_JSS = auto()  # no score shown: "no jss yet", "jss disappeared"
    JSS_WORD = auto()  # the score named: "jss", "job success score"
    PERK_USED = auto()  # the feedback-removal perk used: "used my perk"
    PERK_WORD = auto()  # the perk named: "perk"
    SINCE_PERK = auto()  # counting from the perk's use: "since then"

    # Events and what the member asks (events.py).
    ASKED_THREAT = auto()  # whether something is a threat, asked: "is this extortion?"
    THREAT = auto()  # a direct threat: "threatened", "blackmail"
    PRESSURE = auto()  # an indirect one: "suggested", "unless", "or else"
    PROMISE = auto()  # feedback announced: "said he'd leave"
    SCOPE_FREE = auto()  # unpaid extra work said at once: "scope creep", "free work"
    SCOPE = auto()  # extra work: "more pages", "out-of-scope features"
    UNPAID = auto()  # without pay: "for free", "refuses to pay"
    MS_UNRELEASED = auto()  # a milestone funded, not released
    MS_UNFUNDED = auto()  # a milestone not funded: "nothing in escrow"
    REINSTATED = auto()  # a client back on the platform
    SUSPENDED = auto()  # a client suspended or banned
    SELF = auto()  # the member's own account: "my account", "i was suspended"
    UNRESPONSIVE = auto()  # a client gone silent: "ghosted", "not responding"
    UNVERIFIED = auto()  # a client not vetted: "payment method not verified", "0 hires"
    NOTHING_NEW = auto()  # nothing happened, no contract of its own: "no new feedback at all"
    REFUND_PARTIAL = auto()  # part of the money refunded: "partial refund"
    REFUNDED = auto()  # all of it refunded: "i refunded", "chargeback"
    REFUND_WORD = auto()  # a refund named: "refund", "money back"
    DISPUTED = auto()  # a dispute held: "in a dispute", "lost the dispute"
    DISPUTE_WORD = auto()  # a dispute named: "dispute", "mediation"
    FB_REMOVED = auto()  # feedback removed: "review was removed"
    REMOVE_FB = auto()  # removing feedback: "remove the bad review"
    VERBAL = auto()  # said, not written: "on a call", "verbally"
    WRITTEN = auto()  # in writing: "in writing", "screenshots"
    IN_CHAT = auto()  # where words were exchanged: "in the chat"
    OFF_PLATFORM = auto()  # work or pay outside the platform: "pay me directly"
    ACT_END = auto()  # ending the contract: "should i end it"
    IMPACT = auto()  # the effect on the score: "will it hurt my jss"
    USE_PERK = auto()  # using the perk: "use my perk"
    RECOVER = auto()  # raising the score again: "recover", "get my jss back"
    HYPOTHETICAL = auto()  # a story told as a what-if: "what if"
    USE_IT = auto()  # using what was named: "use it again"
    ASK = auto()  # a question in all but its mark: "should i", "can i"

    # The client's feedback (feedback.py).
    FB_PENDING = auto()  # feedback not given yet: "no feedback yet"
    FB_NONE = auto()  # no feedback, for good: "no review", "window closed"
    FB_NEG_PRIVATE = auto()  # "bad private feedback"
    FB_POS_PRIVATE = auto()  # "good private feedback"
    FB_NEUTRAL_PRIVATE = auto()  # "neutral private feedback"
    FB_NEG = auto()  # bad feedback or a bad outcome: "negative review", "went badly"
    FB_POS = auto()  # good feedback or outcome: "went very well", "happy client"
    FB_GIVEN = auto()  # feedback left, no sentiment said: "left a review"
    PAST = auto()  # feedback is already there: "left", "already"
    FUTURE = auto()  # feedback to come: "likely", "afraid", "will"

    # Tried last (lexer.py).
    REVIEW_WORD = auto()  # a review named: "reviews", "feedback"
    NUMBER = auto()  # a plain number

    # Made by negation only (negation.py).
    NOT_WRITTEN = auto()  # evidence said not in writing: "never wrote it"
