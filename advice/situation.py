"""The situation a member describes: who they are, their contracts, what happened.

These models are the boundary of the advice engine. The parser builds them from
free text or the compact notation, the engine reads them, the case log stores a
coarsened copy. Validation lives here so that every way in is checked the same:
an impossible situation raises `SituationError`, whose message says what to fix.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

MAX_CONTRACTS = 500


def too_many_contracts(count: int) -> str:
    """What to tell a member who describes more contracts than the bot weighs."""
    return (
        f"{count} contracts is more than the {MAX_CONTRACTS} the bot can weigh; "
        "list the last 24 months only"
    )


class SituationError(ValueError):
    """A situation that cannot be true; `problems` lists what to fix, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))

    @classmethod
    def from_validation(cls, error: ValidationError) -> SituationError:
        """Turn pydantic's report into member-readable lines (field path, then the reason)."""
        problems = []
        for item in error.errors():
            where = _describe_location(item["loc"])
            message = str(item["msg"]).removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        return cls(problems)


def _describe_location(location: tuple[int | str, ...]) -> str:
    """('contracts', 0, 'stars') -> 'contract 1, stars': how a member counts."""
    parts: list[str] = []
    for part in location:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1].removesuffix('s')} {part + 1}" if parts else str(part + 1)]
        else:
            parts.append(part.replace("_", " "))
    return ", ".join(parts)


class Badge(StrEnum):
    NONE = "none"
    RISING_TALENT = "rising-talent"
    TOP_RATED = "top-rated"
    TOP_RATED_PLUS = "top-rated-plus"
    EXPERT_VETTED = "expert-vetted"


class Status(StrEnum):
    OPEN = "open"
    ENDED = "ended"
    UNKNOWN = "unknown"
    """Not said: the estimate reads it both ways and the answer asks which."""


class Pay(StrEnum):
    HOURLY = "hourly"
    FIXED = "fixed"
    UNKNOWN = "unknown"


class FeedbackStatus(StrEnum):
    """Whether the client's end-of-contract feedback exists.

    `pending`: not given yet and may still come (contract open, or within the
    14-day window). `none`: the window closed without any.
    """

    GIVEN = "given"
    NONE = "none"
    PENDING = "pending"


class Sentiment(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Intent(StrEnum):
    """What the member is asking, kept as tags on the case."""

    END_CONTRACT = "end-contract"
    IMPACT = "impact"
    REMOVE_FEEDBACK = "remove-feedback"
    USE_PERK = "use-perk"
    REFUND = "refund"
    DISPUTE = "dispute"
    DORMANT = "dormant"
    REACH_TOP_RATED = "reach-top-rated"
    RECOVER = "recover"


class QuestionKind(StrEnum):
    """The kind of question the member asks; every answer first answers it (JSS_MODEL 9)."""

    IMPACT = "impact"
    """Will this hurt? What does it do to my score?"""
    DIAGNOSIS = "diagnosis"
    """Why did my score drop?"""
    RECOVERY = "recovery"
    """How do I get back above 90?"""
    ELIGIBILITY = "eligibility"
    """When will I get a score or the badge? Why did it disappear?"""
    TIMING = "timing"
    """When will it go away? When is the next update?"""
    TERMS = "terms"
    """Can the client do this? Can I do that?"""
    OTHER = "other"


# Read by the engine for every contract: looking a member up on its enum class is slow
# on Python 3.11, so the properties below read these.
_OPEN, _ENDED = Status.OPEN, Status.ENDED


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def client_label(index: int) -> str:
    """A, B, ..., Z, AA, AB, ...: labels that tell clients apart without naming them."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


class Contract(_Model):
    """One contract. Unknown facts are `None`; the engine spreads them into best/worst."""

    client: str = Field(min_length=1, max_length=40, description="label telling clients apart")
    earnings: float | None = Field(default=None, description="USD earned; None when unknown")
    status: Status = Status.ENDED
    pay: Pay = Pay.UNKNOWN
    start: date | None = None
    end: date | None = None
    last_payment: date | None = None
    paid_months: int | None = Field(
        default=None, description="months with at least one payment (weight +1 per 3)"
    )
    feedback: FeedbackStatus = FeedbackStatus.PENDING
    stars: float | None = Field(default=None, description="public stars, 1-5")
    private_rating: int | None = Field(default=None, description="private 0-10 rating")
    private_sentiment: Sentiment | None = None
    expected: Sentiment | None = Field(
        default=None, description="feedback the member expects while it is pending"
    )
    refunded: bool = False
    disputed: bool = False
    client_suspended: bool = False
    feedback_removed: bool = False
    in_question: bool = False

    @field_validator("earnings")
    @classmethod
    def _earnings_not_negative(cls, value: float | None) -> float | None:
        if value is not None and (value < 0 or value != value):
            raise ValueError(f"earnings must be $0 or more, not {value}")
        if value is not None and value > 100_000_000:
            raise ValueError(f"earnings of ${value:,.0f} on one contract is not believable")
        return value

    @field_validator("stars")
    @classmethod
    def _stars_in_range(cls, value: float | None) -> float | None:
        if value is not None and not 1 <= value <= 5:
            raise ValueError(f"public stars go from 1 to 5, not {value:g}")
        return value

    @field_validator("private_rating")
    @classmethod
    def _rating_in_range(cls, value: int | None) -> int | None:
        if value is not None and not 0 <= value <= 10:
            raise ValueError(f"the private rating goes from 0 to 10, not {value}")
        return value

    @field_validator("paid_months")
    @classmethod
    def _months_not_negative(cls, value: int | None) -> int | None:
        if value is not None and not 0 <= value <= 600:
            raise ValueError(f"months with payments must be between 0 and 600, not {value}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Contract:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"the contract ends ({self.end}) before it starts ({self.start})")
        if self.status is not Status.ENDED and self.end is not None:
            raise ValueError(
                f"a contract with an end date has ended, not {self.status.value}; "
                "mark it ended or drop the date"
            )
        if self.start and self.last_payment and self.last_payment < self.start:
            raise ValueError("the last payment is dated before the contract started")
        if self.end and self.last_payment and self.last_payment > self.end:
            raise ValueError("the last payment is dated after the contract ended")
        if self.earnings == 0 and self.stars is not None:
            raise ValueError(
                "a $0 contract cannot carry public stars (Upwork needs at least $1 paid); "
                "describe the private feedback instead"
            )
        has_feedback = (
            self.stars is not None
            or self.private_rating is not None
            or self.private_sentiment is not None
        )
        if has_feedback and self.feedback is not FeedbackStatus.GIVEN:
            raise ValueError("feedback details are given but the feedback is not marked as given")
        if self.expected is not None and self.feedback is not FeedbackStatus.PENDING:
            raise ValueError("expected feedback only applies while feedback is pending")
        return self

    @property
    def is_open(self) -> bool:
        return self.status is _OPEN

    @property
    def may_be_open(self) -> bool:
        """Open, or not said: the actions of an open contract may still be taken."""
        return self.status is not _ENDED


MAX_JOBS = 100_000
"""More jobs than anyone has: a count above this is a misreading, not a history."""


class Freelancer(_Model):
    badge: Badge | None = Field(default=None, description="None when not said")
    shown_jss: int | None = Field(default=None, description="score shown now, if any")
    shown_jss_high: int | None = Field(
        default=None, description="top of a stated range ('90-91%'); shown_jss is its bottom"
    )
    previous_jss: int | None = Field(
        default=None, description="the score shown before the change the member asks about"
    )
    jobs: int | None = Field(
        default=None, description="jobs in the member's history as they count them ('280 jobs')"
    )
    has_score: bool | None = Field(default=None, description="False for 'no JSS yet'")
    perk_last_used: date | None = None
    completed_since_perk: int | None = None

    @field_validator("shown_jss", "shown_jss_high", "previous_jss")
    @classmethod
    def _jss_in_range(cls, value: int | None) -> int | None:
        if value is not None and not 0 <= value <= 100:
            raise ValueError(f"a Job Success Score is a percentage from 0 to 100, not {value}")
        return value

    @field_validator("jobs")
    @classmethod
    def _jobs_believable(cls, value: int | None) -> int | None:
        if value is not None and not 0 <= value <= MAX_JOBS:
            raise ValueError(f"the number of jobs must be between 0 and {MAX_JOBS:,}, not {value}")
        return value

    @field_validator("completed_since_perk")
    @classmethod
    def _count_not_negative(cls, value: int | None) -> int | None:
        if value is not None and value < 0:
            raise ValueError("the number of contracts completed since the perk cannot be negative")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Freelancer:
        if self.has_score is False and self.shown_jss is not None:
            raise ValueError("a shown JSS is given but the freelancer is said to have no JSS yet")
        if self.shown_jss_high is not None and (
            self.shown_jss is None or self.shown_jss_high < self.shown_jss
        ):
            raise ValueError("the top of a stated score range needs its bottom, and not below it")
        return self

    @property
    def stated_range(self) -> tuple[int, int] | None:
        """The score the member states, as (low, high); equal ends for a single figure."""
        if self.shown_jss is None:
            return None
        return self.shown_jss, self.shown_jss_high or self.shown_jss


class Events(_Model):
    """What happened around the contract in question. `None` means not said."""

    threat_of_bad_feedback: bool = False
    unpaid_scope_demand: bool = False
    milestone_unfunded: bool = False
    milestone_unreleased: bool = False
    client_unresponsive: bool = False
    client_reinstated: bool = False
    off_platform_offer: bool = False
    """The client proposes work, payment or feedback outside the platform."""
    client_unverified: bool = False
    """The client's payment method is not verified (or no hires yet): vet before working."""
    evidence_in_writing: bool | None = None


class Situation(_Model):
    """Everything the engine needs; `as_of` pins the date the member speaks from."""

    freelancer: Freelancer = Freelancer()
    contracts: tuple[Contract, ...] = ()
    events: Events = Events()
    intents: tuple[Intent, ...] = ()
    question: QuestionKind | None = Field(
        default=None, description="the kind of question asked; None: the engine infers it"
    )
    as_of: date | None = None

    @field_validator("contracts")
    @classmethod
    def _not_too_many(cls, value: tuple[Contract, ...]) -> tuple[Contract, ...]:
        if len(value) > MAX_CONTRACTS:
            raise ValueError(too_many_contracts(len(value)))
        return value

    @model_validator(mode="after")
    def _one_in_question(self) -> Situation:
        asked = sum(1 for contract in self.contracts if contract.in_question)
        if asked > 1:
            raise ValueError(f"{asked} contracts are marked as the one in question; mark one")
        if self.as_of is not None:
            for contract in self.contracts:
                for when in (contract.start, contract.end, contract.last_payment):
                    if when is not None and when > self.as_of:
                        raise ValueError(
                            f"a contract date ({when}) lies after the as-of date ({self.as_of})"
                        )
        return self

    @property
    def in_question(self) -> Contract | None:
        """The contract the member asks about, if one is marked."""
        return next((c for c in self.contracts if c.in_question), None)


def situation_from_data(data: dict[str, Any]) -> Situation:
    """Build a Situation from JSON-like data, raising `SituationError` on anything impossible."""
    try:
        return Situation.model_validate(data)
    except ValidationError as error:
        raise SituationError.from_validation(error) from None


def situation_to_data(situation: Situation) -> dict[str, Any]:
    """JSON-ready data of a Situation (dates as ISO strings, enums as values)."""
    return situation.model_dump(mode="json")
