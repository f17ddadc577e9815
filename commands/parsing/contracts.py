"""Contracts under construction: which contract a phrase is about, and what each one holds.

A post names the contract in question ("this contract", "the $0 one", the
threatened one) and, often in one sentence, a group of others ("three other
contracts of $5,600, $2,500 and $10,000, all went very well", "4 jobs, 3 with 5
stars"). Region cues below switch between them; `Draft` collects the facts of
one contract until the whole text is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advice.situation import FeedbackStatus, Pay, Sentiment, Status
from commands.parsing.kinds import Kind

_NOUN = r"(?:contract|job|project|gig|engagement|client|buyer|one)"
_NOUNS = r"(?:contracts|jobs|projects|gigs|engagements|clients|buyers)"
_OTHER = (
    r"(?:other|more|previous|past|prior|older|earlier|completed|successful|finished|closed|ended"
    r"|small|smaller|big|bigger|large|larger|fixed[- ]price|hourly|short|long|long[- ]term|good"
    r"|great|positive|different|separate|paid|open|active|inactive|dormant|ongoing|running)"
)

# Words of a header ("3 ongoing hourly contracts") that say something of each member.
HEADER_FACTS: dict[str, tuple[str, object]] = {
    "hourly": ("pay", Pay.HOURLY),
    "fixed": ("pay", Pay.FIXED),
    "fixed-price": ("pay", Pay.FIXED),
    "fixed price": ("pay", Pay.FIXED),
    "open": ("status", Status.OPEN),
    "active": ("status", Status.OPEN),
    "ongoing": ("status", Status.OPEN),
    "running": ("status", Status.OPEN),
    "inactive": ("status", Status.OPEN),
    "dormant": ("status", Status.OPEN),
    "closed": ("status", Status.ENDED),
    "completed": ("status", Status.ENDED),
    "finished": ("status", Status.ENDED),
    "ended": ("status", Status.ENDED),
}

# "Nothing billed for 5 months", "nothing paid since March": a contract gone quiet,
# not one that never earned.
_FOR_A_WHILE = (
    r" (?:since|(?:for|in|over) (?:the )?(?:last |past )?(?:[0-9]+|a|an|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|many) )"
)

ORDINALS: dict[str, int] = {
    "first": 0,
    "second": 1,
    "third": 2,
    "fourth": 3,
    "fifth": 4,
    "1st": 0,
    "2nd": 1,
    "3rd": 2,
    "4th": 3,
    "5th": 4,
}
_ORDINALS = "|".join(ORDINALS)

LABEL = r"(?:contract|client|job|project|gig) (?:#?[0-9]{1,2}|[a-h])"
"""A member's own name for one contract: "contract b", "client 2", "job #3"."""
_CLIENT_LABEL = re.compile(r"client #?([0-9]{1,2}|[a-h])")


def member_client(label: str) -> str:
    """'B' for a contract the member labels "client b": the member's own name for the
    client, so that one client named twice is one client; '' for other labels."""
    found = _CLIENT_LABEL.fullmatch(label)
    return found.group(1).upper() if found else ""


CONTRACT_CUES: tuple[tuple[Kind, str], ...] = (
    # "my first contract was two years ago": how long the member has worked (Top Rated
    # asks for a first contract over 90 days ago), not a contract to estimate.
    (
        Kind.TENURE,
        r"my (?:very )?first (?:ever )?(?:contract|job|project|client)(?: on (?:upwork|here))?"
        r"(?= (?:was|started|ended|is|dates)\b)",
    ),
    # "14 five-star reviews", "120+ completed jobs": the size of a history, no contracts.
    (
        Kind.HISTORY,
        r"(?P<n>[0-9]{1,6})\+? (?:(?:5|five)[- ]star |positive |good |great |public )?"
        r"(?:reviews|ratings|feedbacks|completed (?:jobs|contracts|projects)"
        r"|(?:jobs|contracts|projects) (?:completed|done|finished))\b",
    ),
    # "3 other contracts", "4 jobs", "two others", "2 $300 contracts": a group, and
    # what each of its contracts earned when said before the noun.
    (
        Kind.HEADER,
        rf"(?P<n>[0-9]{{1,4}}) (?:\$ ?(?P<each>[0-9][0-9,]{{0,9}}(?:\.[0-9]{{1,2}})?)(?P<k>k)? )?"
        rf"(?:(?:{_OTHER} ){{0,3}}{_NOUNS}|others)\b",
    ),
    (
        Kind.HEADER_OTHER,
        rf"(?:my |the |all )?(?:{_OTHER} ){{1,3}}{_NOUNS}\b|everything else|all (?:the )?others"
        # "My contracts: $5,600, $2,500 and $10,000": a list of them follows.
        rf"|my {_NOUNS}(?= ?:| (?:were|are|so far)\b)"
        r"|all the rest",
    ),
    # "another contract", "one more job": a group of one, not the one in question.
    (
        Kind.ANOTHER,
        rf"(?:another|a second|a third|an older|a previous|an earlier|an old"
        rf"|(?:one|1) (?:more|other|older|earlier|previous))"
        rf"(?: [a-z$0-9,-]{{1,12}}){{0,2}}? {_NOUN}\b",
    ),
    # "this contract", "the current one", "the $0 one": back to the contract in question.
    (
        Kind.MAIN,
        rf"this (?:{_NOUN}|\$0 {_NOUN})|(?:the|my|our) (?:current|latest|newest|new|problem"
        rf"|problematic|open|ongoing|active|troubled|last|recent|most recent) {_NOUN}"
        rf"|current {_NOUN}|the (?=\$0 )|(?:a|one) (?=\$0 )",
    ),
    # "The first one ... The second one": a contract of the group just named, by its place.
    (Kind.ORDINAL, rf"the (?P<nth>{_ORDINALS}) (?:one|contract|job|project|gig)\b"),
    # Inside a group: "3 with 5 stars", "one with 2 stars", "the rest no feedback".
    (
        Kind.SUBQ,
        r"(?P<n>[0-9]{1,3}) (?:of (?:them|those|these) )?(?:with|had|got|have|were|received"
        r"|ended|left|at|are|paid|earned|made|where|whose)\b",
    ),
    (
        Kind.SUBQ_REST,
        r"(?:the other one|the other|the rest|the remaining one|the remaining|the last one"
        r"|the last|one of them|1 of them|one)(?= (?:with|had|got|gave|has|was|received|at|is|ended"
        r"|left|rated"
        r"|where|went|no\b|without|paid|earned|made|\$))",
    ),
    (
        Kind.QUANT_ALL,
        r"all(?: of (?:them|these|those))?|each(?: of them)?|every one"
        r"|both|they all|each one",
    ),
    (Kind.GROUP_REF, r"they|them|those|these|the others|the other ones"),
    (Kind.SAME_CLIENT, r"same (?:client|buyer)|one client|single client|repeat client"),
    # Earnings of zero said in words.
    (
        Kind.ZERO,
        r"unpaid (?:contract|job|project|gig)|(?:contract|job|project) (?:is|was|remains"
        r"|stayed) unpaid"
        rf"|nothing (?:was |has been |got |is )?(?:ever )?(?:paid|billed|earned)(?!{_FOR_A_WHILE})"
        r"|(?:earned|made|got|received|paid) nothing"
        r"|(?:never|hasn't|has not|didn't|did not|haven't|have not) (?:been )?(?:paid|pay|earned"
        r"|billed|bill)"
        r" (?:me )?(?:anything|a cent|a penny|a dime|at all)|no (?:money|payment"
        r"|earnings) (?:at all|yet|received)"
        r"|zero earnings|no earnings|not a (?:cent|penny|dime)"
        r"|(?:without|not) (?:a single|any|one) (?:hour|cent|dollar|payment)s? (?:was |were )?"
        r"(?:billed|paid|logged)",
    ),
    (Kind.PAY_FIXED, r"fixed[- ]?price|fixed[- ]fee|milestone[- ]based|fixed|fp\b"),
    (Kind.PAY_HOURLY, r"hourly|hrly|per hour|by the hour"),
    # Milestones are paid on fixed-price contracts only.
    (Kind.MILESTONE, r"milestones?"),
    (
        Kind.ST_OPEN,
        r"still open|(?:is|remains|stays?|kept|keep|left|been) (?:it )?open|ongoing"
        r"|open (?:\$?[0-9][0-9,.]{0,12}k? )?(?:(?:hourly|fixed[- ]price|fixed|long[- ]term|small"
        r"|big|old) )?(?:contract|job|project|gig)"
        r"|(?:contract|job|project|gig) (?:is )?open(?= (?:for|since) )"
        r"|active contract|in progress|still active|still running|long[- ]term"
        r"|not (?:yet )?(?:ended|closed)",
    ),
    # Words of work still going on: open, unless the member says it ended.
    (
        Kind.ONGOING,
        r"(?:(?<=[0-9k] )|(?<=paid )|(?<=billed )|(?<=earned )|(?<=months )|(?<=weeks ))so far"
        r"|(?:keeps?|kept) (?:asking|adding|requesting|changing|pushing|sending|adding)"
        r"|(?:won't|will not|doesn't|does not|refuses? to) (?:approve|release)"
        r"|not (?:yet )?approved"
        r"|(?:half|partly|partially) paid|milestone [0-9]+ of [0-9]+|running(?= for | since )"
        r"|(?:will|going to|is going to|'ll) (?:end|close|finish|wrap up)"
        r"|before it (?:ends|closes|finishes)|when it (?:ends|closes|finishes)"
        r"|(?:ends|closes|finishes)(?= (?:on |this |next )?(?:monday|tuesday|wednesday|thursday"
        r"|friday|saturday|sunday|tomorrow|soon|next))"
        r"|still (?:working|going|waiting|reviewing)|(?:been|is|are) reviewing",
    ),
    (
        Kind.DORMANT,
        r"dormant|inactive|idle|(?:no|zero) (?:activity|payments?|work|hours|invoices"
        r"|new milestones?)"
        r"|on hold|paused|(?:hasn't|has not|haven't|have not|didn't|did not) (?:been )?(?:paid"
        r"|billed|logged"
        r"|worked|used|active|pay)|nothing (?:was |has been |got |is )?(?:paid|billed|logged"
        r"|earned)|last (?:paid|payment|invoice"
        r"|activity)|(?:stopped|quit|ceased) (?:paying|payments?|funding|logging|billing)"
        r"|no longer (?:pays|paying|funds|active)",
    ),
    (Kind.ST_ENDED, r"ended|closed|completed|finished|cancelled|canceled|terminated|wrapped up"),
    (Kind.STARTED, r"started|began|begun|hired me|kicked off"),
    (Kind.SPAN_VERB, r"ran|lasted|running|worked|took|paid monthly|billed"),
    # "Contract A:", "client 2 -", "job #3)": a contract the member labels in a list.
    # "client B again - $200": another contract of a client named before.
    (Kind.LABEL, rf"{LABEL}(?=(?: again| too| also)?(?::| -|\)))"),
    (Kind.NOUN, r"(?:contract|job|project|gig|engagement|client|buyer)(?!s)\b"),
)


# What a plain contract fact sets: cue -> (Draft field, value).
FACT_SETTERS: dict[Kind, tuple[str, object]] = {
    Kind.ZERO: ("earnings", 0.0),
    Kind.PAY_FIXED: ("pay", Pay.FIXED),
    Kind.PAY_HOURLY: ("pay", Pay.HOURLY),
    Kind.MILESTONE: ("milestones", True),
    Kind.ST_OPEN: ("status", Status.OPEN),
    Kind.ONGOING: ("status", Status.OPEN),
    Kind.ST_ENDED: ("status", Status.ENDED),
    Kind.DORMANT: ("status", Status.OPEN),
    Kind.SUSPENDED: ("client_suspended", True),
    Kind.REFUNDED: ("refunded", True),
    Kind.DISPUTED: ("disputed", True),
    Kind.FB_REMOVED: ("feedback_removed", True),
}
# Stars and ratings are more precise than a sentiment word, so "all went well, 5 stars
# each" gives every member both; a sentiment word never overrides anything said.
FEEDBACK_OWN_FIELD = {Kind.STARS: "stars", Kind.STAR_RUN: "stars", Kind.RATING: "private_rating"}
FEEDBACK_FIELDS = ("feedback", "stars", "private_rating", "private_sentiment", "expected")


@dataclass
class Draft:
    """The facts of one contract as they are read; None means not said."""

    order: int
    group: int | None = None
    earnings: float | None = None
    rate: float | None = None
    hours: float | None = None
    status: Status | None = None
    pay: Pay | None = None
    start: date | None = None
    end: date | None = None
    last_payment: date | None = None
    paid_months: int | None = None
    feedback: FeedbackStatus | None = None
    stars: float | None = None
    private_rating: int | None = None
    private_sentiment: Sentiment | None = None
    expected: Sentiment | None = None
    milestones: bool = False
    """Paid by milestones, so fixed-price when the pay is not said."""
    refunded: bool = False
    disputed: bool = False
    client_suspended: bool = False
    feedback_removed: bool = False
    dormant: bool = False
    in_question: bool = False
    earnings_sentence: int = -1
    """Sentence the earnings were read in, to tell a contradiction from a stray fact."""
    client: str = ""
    notes: list[str] = field(default_factory=list)

    def only_counted(self) -> bool:
        """Whether nothing was said of this contract but that it exists and, at most, went
        well: it is part of a history, not a contract of its own."""
        positive = self.stars is None or self.stars >= 4.5
        sentiment = self.private_sentiment in (None, Sentiment.POSITIVE)
        said = (
            self.settled_earnings(),
            self.rate,
            self.status,
            self.start,
            self.end,
            self.last_payment,
            self.paid_months,
            self.private_rating,
            self.expected,
        )
        flags = (self.refunded, self.disputed, self.client_suspended, self.feedback_removed)
        return all(v is None for v in said) and not any(flags) and positive and sentiment

    def merge_into(self, other: Draft) -> None:
        """Give `other` every fact said of this draft that `other` lacks."""
        for name in _MERGED:
            if getattr(other, name) in (None, False):
                setattr(other, name, getattr(self, name))

    def has_feedback_details(self) -> bool:
        return (
            self.stars is not None
            or self.private_rating is not None
            or self.private_sentiment is not None
        )

    def settled_earnings(self) -> float | None:
        """Earnings said, or rate times hours when both are given."""
        if self.earnings is not None:
            return self.earnings
        if self.hours == 0:
            return 0.0
        if self.rate is not None and self.hours is not None:
            return round(self.rate * self.hours, 2)
        return None

    def to_data(self) -> dict[str, Any]:
        """Field values for `advice.situation.Contract`, leaving defaults out."""
        feedback = self.feedback
        if self.has_feedback_details():
            feedback = FeedbackStatus.GIVEN
        data: dict[str, Any] = {
            "client": self.client,
            "earnings": self.settled_earnings(),
            "status": self._state(feedback),
            "pay": self.pay or self._implied_pay(),
            "start": self.start,
            "end": self.end,
            "last_payment": self.last_payment,
            "paid_months": self.paid_months,
            "feedback": feedback or FeedbackStatus.PENDING,
            "stars": self.stars,
            "private_rating": self.private_rating,
            "private_sentiment": self.private_sentiment,
            "refunded": self.refunded,
            "disputed": self.disputed,
            "client_suspended": self.client_suspended,
            "feedback_removed": self.feedback_removed,
            "in_question": self.in_question,
        }
        if data["feedback"] is FeedbackStatus.PENDING and self.expected is not None:
            data["expected"] = self.expected
        if data["status"] is not Status.ENDED:
            data["end"] = None
        return data

    def _implied_pay(self) -> Pay:
        if self.rate is not None:
            return Pay.HOURLY
        return Pay.FIXED if self.milestones else Pay.UNKNOWN

    def _state(self, feedback: FeedbackStatus | None) -> Status:
        """Open or ended as said, or as the other facts imply; for the contract in question,
        unknown when nothing does (the answer then asks), for another one ended (a contract
        listed among past ones)."""
        if self.status is not None:
            return self.status
        if self.dormant or (self.last_payment is not None and self.end is None):
            return Status.OPEN
        if self.end is not None or feedback in (FeedbackStatus.GIVEN, FeedbackStatus.NONE):
            return Status.ENDED
        return Status.UNKNOWN if self.in_question else Status.ENDED


# The facts of a draft, not its place among the others.
_MERGED = tuple(
    name
    for name in Draft.__dataclass_fields__
    if name not in {"order", "group", "in_question", "earnings_sentence", "client", "notes"}
)


@dataclass
class Group:
    """Contracts introduced together ("3 other contracts of ..."), in the order named."""

    index: int
    count: int | None
    members: list[Draft] = field(default_factory=list)
    same_client: bool = False
    claimed: int = 0
    """How many members a sub-quantifier ("3 with 5 stars") has already taken."""
    label: str = ""
    """The member's own name for a single contract ("contract b"), when it has one."""
    history: bool = False
    """Counted only ("about 280 jobs"): the member's history behind a stated score."""
    item: bool = False
    """Opened by a line of a list."""
    named: bool = False
    """One contract named by an article ("another one", "an old contract"), not counted."""
    unbuilt: int = 0
    """Members counted past the most contracts the bot weighs, never built."""
