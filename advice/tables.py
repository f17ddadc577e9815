"""Domain tables a JSS expert can review without reading the engine.

Each table names its source label: `official` figures come from Upwork, the
rest are community guesses or our own arithmetic, and the answers say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from advice.answer import SourceLabel
from advice.situation import Badge
from advice.tunables import TUNABLES


class Kind(IntEnum):
    """How one contract counts. The order is how kind it is to S/T:
    a negative lowers it most, a neutral adds to T only, an excluded contract
    leaves it alone, a positive raises it. best/likely/worst rely on this order.
    """

    NEGATIVE = 0
    NEUTRAL = 1
    EXCLUDED = 2
    POSITIVE = 3


# --- Weight of one contract (JSS_MODEL section 3, official since 2025) -------


@dataclass(frozen=True, slots=True)
class WeightBand:
    up_to_usd: float
    """Upper bound, inclusive; the last band is open-ended."""
    weight: float


WEIGHT_BANDS: tuple[WeightBand, ...] = (
    WeightBand(up_to_usd=250.0, weight=1.0),
    WeightBand(up_to_usd=1_000.0, weight=1.25),
    WeightBand(up_to_usd=float("inf"), weight=1.5),
)
WEIGHT_SOURCE = SourceLabel.OFFICIAL
MONTHS_PER_BONUS_JOB = 3
"""One more job of weight for every 3 months of the contract with a payment."""
WEIGHT_CAP = 8.0
ZERO_NEGATIVE_WEIGHT = TUNABLES.zero_negative_weight
"""A $0 contract with negative feedback: an assumption (assumptions.toml)."""
UNWEIGHTED = 1.0
"""Before 2020-03 every outcome weighed one job."""


# --- "Good" feedback thresholds (not published) -----------------------------


@dataclass(frozen=True, slots=True)
class StarBand:
    """Public stars from `min_stars` up: how the outcome reads in best/likely/worst."""

    min_stars: float
    best: Kind
    likely: Kind
    worst: Kind


# Community: public stars below about 4.5 are risky. Between 4.0 and 4.5 the
# reading is genuinely unknown, so the band spreads from positive to negative.
STAR_BANDS: tuple[StarBand, ...] = (
    StarBand(4.5, Kind.POSITIVE, Kind.POSITIVE, Kind.POSITIVE),
    StarBand(4.0, Kind.POSITIVE, Kind.NEUTRAL, Kind.NEGATIVE),
    StarBand(1.0, Kind.NEGATIVE, Kind.NEGATIVE, Kind.NEGATIVE),
)
STAR_SOURCE = SourceLabel.COMMUNITY


@dataclass(frozen=True, slots=True)
class RatingBand:
    min_rating: int
    kind: Kind


# The private 0-10 "likely to recommend" answer read like a Net Promoter Score:
# promoter, passive, detractor. A guess, labelled as one (assumptions.toml).
NPS_BANDS: tuple[RatingBand, ...] = (
    RatingBand(TUNABLES.promoter_from, Kind.POSITIVE),
    RatingBand(TUNABLES.passive_from, Kind.NEUTRAL),
    RatingBand(0, Kind.NEGATIVE),
)
NPS_SOURCE = SourceLabel.COMMUNITY


# --- Open contracts ---------------------------------------------------------

REGULAR_PAYMENT_DAYS = 90
"""An open contract paid at least this often is an eligible long-term job."""
LONG_TERM_MIN_DAYS = 90
"""An open contract younger than this is not a long-term job yet."""
DORMANT_MAY_COUNT_DAYS = TUNABLES.dormant_may_count_days
"""Community guess, low end (assumptions.toml): a dormant contract may start to count."""
DORMANT_LIKELY_COUNTS_DAYS = TUNABLES.dormant_likely_counts_days
"""Community guess, high end (assumptions.toml): by now it most likely counts."""
DORMANT_SOURCE = SourceLabel.COMMUNITY

NO_FEEDBACK_COMMON_SHARE = 1 / 3
"""Before 2020-11-08 paid no-feedback contracts hurt 'when common'. Upwork never
said how common; a third of all ended contracts is our guess."""


# --- Feedback and timing ----------------------------------------------------

FEEDBACK_WINDOW_DAYS = 14
"""Each party has 14 days after the end to leave feedback (official)."""
REPORT_DECISION_DAYS = 7
"""Decisions on reported feedback take about a week (official)."""
TARGET_JSS = 90
"""The Top Rated line."""
CUSHION_JSS = 95
"""A score with room above the line: one bad contract no longer costs the badge."""


# --- The member's history that is not listed (JSS_MODEL section 9, derived) ---


@dataclass(frozen=True, slots=True)
class PoolPrior:
    """Weight of the unlisted history when the member gives only a badge and a score."""

    badges: frozenset[Badge | None]
    low: float
    likely: float
    high: float


# An assumption, said as one in every answer that uses it (figures: assumptions.toml).
POOL_PRIORS: tuple[PoolPrior, ...] = (
    PoolPrior(
        frozenset({Badge.TOP_RATED, Badge.TOP_RATED_PLUS}),
        TUNABLES.top_rated_prior.low,
        TUNABLES.top_rated_prior.likely,
        TUNABLES.top_rated_prior.high,
    ),
    PoolPrior(  # every other badge, or none said
        frozenset(),
        TUNABLES.other_prior.low,
        TUNABLES.other_prior.likely,
        TUNABLES.other_prior.high,
    ),
)
COUNT_SPREAD = TUNABLES.count_spread
"""A count the member gives ('280 jobs') as pool weight, low to high (assumptions.toml)."""
ROUNDING = 0.5
"""Shown scores are whole points: a shown 89% is anything from 88.5% up to 89.5%."""


# --- Badges (JSS_MODEL section 6, official) ---------------------------------


@dataclass(frozen=True, slots=True)
class BadgeRule:
    badge: Badge
    min_jss: int | None
    weeks_needed: int
    weeks_of: int
    min_earnings_12m: float
    first_contract_days: int
    large_contract_usd: float | None
    """Top Rated Plus: one large contract without a negative outcome in 12 months
    (about $5k-$30k depending on category: the low end is used)."""


BADGE_RULES: tuple[BadgeRule, ...] = (
    BadgeRule(Badge.TOP_RATED, 90, 13, 16, 1_000.0, 90, None),
    BadgeRule(Badge.TOP_RATED_PLUS, 90, 13, 16, 10_000.0, 90, 5_000.0),
)
PERK_BADGES = frozenset({Badge.TOP_RATED, Badge.TOP_RATED_PLUS})


@dataclass(frozen=True, slots=True)
class ScoreBand:
    min_jss: int
    wording: str


# Official wording of what a score says to clients.
SCORE_BANDS: tuple[ScoreBand, ...] = (
    ScoreBand(90, "excellent"),
    ScoreBand(80, "solid"),
    ScoreBand(75, "may indicate struggling"),
    ScoreBand(0, "makes winning clients hard"),
)


def score_wording(score: float) -> str:
    """Upwork's wording for a score band."""
    for band in SCORE_BANDS:
        if score >= band.min_jss:
            return band.wording
    return SCORE_BANDS[-1].wording
