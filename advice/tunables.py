"""The model's tunable assumptions, read from `assumptions.toml` (their one source).

The file is data a domain expert reviews; this module only reads and checks it, so
that a typo there stops the bot at start with a message that names the value, never
halfway through an answer. `advice/tables.py` takes the figures from here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

FILE = "assumptions.toml"


class AssumptionsError(ValueError):
    """The assumptions file is missing a value or holds one that cannot be right."""


@dataclass(frozen=True, slots=True)
class Assumption:
    """One tunable assumption as the calibration report names it."""

    key: str
    name: str
    tags: tuple[str, ...]
    """Situation tags of the cases whose estimates lean on it most."""


@dataclass(frozen=True, slots=True)
class Prior:
    """Weight of unlisted history: low, likely and high, in jobs of weight."""

    low: float
    likely: float
    high: float


@dataclass(frozen=True, slots=True)
class Tunables:
    """Every figure of the assumptions file."""

    zero_negative_weight: float
    dormant_may_count_days: int
    dormant_likely_counts_days: int
    promoter_from: int
    passive_from: int
    top_rated_prior: Prior
    other_prior: Prior
    count_spread: tuple[float, float, float]
    assumptions: tuple[Assumption, ...]


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    section = data.get(key)
    if not isinstance(section, dict):
        raise AssumptionsError(f"{FILE}: the section [{key}] is missing")
    return section


def _number(section: dict[str, Any], where: str, key: str) -> float:
    value = section.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise AssumptionsError(f"{FILE}: {where}.{key} must be a number of at least 0")
    return float(value)


def _whole(section: dict[str, Any], where: str, key: str) -> int:
    value = section.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AssumptionsError(f"{FILE}: {where}.{key} must be a whole number of at least 0")
    return value


def _assumption(data: dict[str, Any], key: str) -> Assumption:
    section = _section(data, key)
    name, tags = section.get("name"), section.get("tags")
    if not isinstance(name, str) or not name:
        raise AssumptionsError(f"{FILE}: {key}.name must be the assumption said in words")
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) for t in tags):
        raise AssumptionsError(f"{FILE}: {key}.tags must list the situation tags it shapes")
    return Assumption(key, name, tuple(tags))


def _prior(section: dict[str, Any], key: str) -> Prior:
    where = f"pool_prior.{key}"
    table = section.get(key)
    if not isinstance(table, dict):
        raise AssumptionsError(f"{FILE}: {where} must be a table of low, likely and high")
    low, likely, high = (_number(table, where, k) for k in ("low", "likely", "high"))
    if not low <= likely <= high:
        raise AssumptionsError(f"{FILE}: {where} must run low <= likely <= high")
    return Prior(low, likely, high)


def parse(text: str) -> Tunables:
    """The figures of an assumptions file's text; AssumptionsError names a bad value."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AssumptionsError(f"{FILE} cannot be read: {error}") from None
    zero, dormancy = _section(data, "zero_dollar_negative"), _section(data, "dormancy")
    rating, pool = _section(data, "private_rating"), _section(data, "pool_prior")
    may = _whole(dormancy, "dormancy", "may_count_days")
    likely = _whole(dormancy, "dormancy", "likely_counts_days")
    if may > likely:
        raise AssumptionsError(f"{FILE}: dormancy.may_count_days comes after likely_counts_days")
    promoter = _whole(rating, "private_rating", "promoter_from")
    passive = _whole(rating, "private_rating", "passive_from")
    if not 0 < passive <= promoter <= 10:
        raise AssumptionsError(
            f"{FILE}: private_rating needs 0 < passive_from <= promoter_from <= 10"
        )
    spread = pool.get("count_spread")
    if not isinstance(spread, list) or len(spread) != 3:
        raise AssumptionsError(f"{FILE}: pool_prior.count_spread must be [low, likely, high]")
    low, mid, high = (_number({"x": s}, "pool_prior.count_spread", "x") for s in spread)
    return Tunables(
        zero_negative_weight=_number(zero, "zero_dollar_negative", "weight"),
        dormant_may_count_days=may,
        dormant_likely_counts_days=likely,
        promoter_from=promoter,
        passive_from=passive,
        top_rated_prior=_prior(pool, "top_rated"),
        other_prior=_prior(pool, "others"),
        count_spread=(low, mid, high),
        assumptions=tuple(_assumption(data, key) for key in data),
    )


def load() -> Tunables:
    """The figures of the assumptions file shipped with the model."""
    return parse(resources.files("advice").joinpath(FILE).read_text(encoding="utf-8"))


TUNABLES = load()
