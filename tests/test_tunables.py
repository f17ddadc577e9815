"""The tunable assumptions come from one data file, and the engine uses exactly its figures."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import advice.baseline as baseline
import advice.basis as basis
import advice.facts as facts
import advice.outcomes as outcomes
import advice.scenarios as scenarios
from advice.tables import Kind
from advice.tunables import TUNABLES, AssumptionsError, parse

FILE = Path(__file__).resolve().parent.parent / "advice" / "assumptions.toml"


def raw() -> dict[str, Any]:
    """The file read directly, not through the loader under test."""
    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def test_the_engine_weighs_a_zero_dollar_negative_as_the_file_says() -> None:
    weight = raw()["zero_dollar_negative"]["weight"]
    assert outcomes.ZERO_NEGATIVE_WEIGHT == basis.ZERO_NEGATIVE_WEIGHT == weight


def test_the_engine_counts_dormant_contracts_after_the_file_s_periods() -> None:
    dormancy = raw()["dormancy"]
    for module in (outcomes, scenarios, facts):
        assert dormancy["may_count_days"] == module.DORMANT_MAY_COUNT_DAYS
        assert dormancy["likely_counts_days"] == module.DORMANT_LIKELY_COUNTS_DAYS


def test_the_engine_reads_private_ratings_at_the_file_s_thresholds() -> None:
    rating = raw()["private_rating"]
    promoter, passive = rating["promoter_from"], rating["passive_from"]
    read = [outcomes.rating_kind(r) for r in range(11)]  # how the engine reads 0-10
    assert read == (
        [Kind.NEGATIVE] * passive + [Kind.NEUTRAL] * (promoter - passive)
        + [Kind.POSITIVE] * (11 - promoter)
    )  # fmt: skip


def test_the_engine_assumes_the_file_s_background_pool() -> None:
    pool = raw()["pool_prior"]
    top, others = baseline.POOL_PRIORS
    assert (top.low, top.likely, top.high) == tuple(pool["top_rated"].values())
    assert (others.low, others.likely, others.high) == tuple(pool["others"].values())
    assert tuple(pool["count_spread"]) == baseline.COUNT_SPREAD


def test_every_assumption_names_itself_and_the_tags_it_shapes() -> None:
    names = {a.key: a for a in TUNABLES.assumptions}
    assert set(names) == set(raw())
    assert names["private_rating"].tags == ("private-feedback", "threat")
    assert all(a.name.startswith("the ") and a.tags for a in names.values())


def _broken(old: str, new: str) -> str:
    text = FILE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("weight = 1.0", "weight = -1.0", "zero_dollar_negative.weight"),
        ("weight = 1.0", "weight = 'one'", "zero_dollar_negative.weight"),
        ("may_count_days = 91", "may_count_days = 400", "may_count_days comes after"),
        ("passive_from = 7", "passive_from = 10", "passive_from <= promoter_from"),
        ("promoter_from = 9", "promoter_from = 11", "promoter_from <= 10"),
        ("low = 5.0, likely = 12.0", "low = 15.0, likely = 12.0", "pool_prior.top_rated"),
        ("count_spread = [0.5, 1.0, 1.5]", "count_spread = [1.0]", "count_spread"),
        ('tags = ["zero-dollar"]', "tags = []", "zero_dollar_negative.tags"),
        ("[dormancy]", "[dormancy", "cannot be read"),
        ("[pool_prior]", "[pool]", "[pool_prior] is missing"),
    ],
)
def test_a_bad_value_in_the_file_is_named(old: str, new: str, says: str) -> None:
    with pytest.raises(AssumptionsError, match=r"assumptions\.toml") as error:
        parse(_broken(old, new))
    assert says in str(error.value)
