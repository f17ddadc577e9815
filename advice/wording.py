"""How the bot says figures: percentages, amounts, counts, ranges and changes, grammatically.

Every template and headline goes through these, so "1 jobs", "the an unknown amount
contract" or "range no score to no score" cannot be written anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from advice.baseline import Baseline
from advice.derived import Derived
from advice.tables import WEIGHT_BANDS
from advice.targets import Recovery


def pct(value: float | None) -> str:
    """'82%' or 'no score' for a figure that would not show."""
    return "no score" if value is None else f"{value:g}%"


def money(value: float | None) -> str:
    """'$5,600', or 'an unknown amount'."""
    return "an unknown amount" if value is None else f"${value:,.0f}"


def counted(n: float, noun: str, plural: str | None = None) -> str:
    """'1 job', '2 jobs', '1.5 jobs'."""
    many = plural or f"{noun}s"
    return f"{n:g} {noun if n == 1 else many}"


def weight_of(n: float) -> str:
    """'1 job's weight', '8 jobs' weight'."""
    return f"{n:g} job's weight" if n == 1 else f"{n:g} jobs' weight"


def numbers(low: int, high: int) -> str:
    """'10', '9-10' for a count known only within a range, 'up to 7' when it may be none."""
    if low == high:
        return str(low)
    return f"up to {high}" if low == 0 else f"{low}-{high}"


def span(low: int, high: int, noun: str, plural: str | None = None) -> str:
    """'1 job', '9-10 jobs': a count that is known only within a range."""
    return f"{numbers(low, high)} {noun if high == 1 else plural or noun + 's'}"


def points(delta: float) -> str:
    """'3 points down', '1 point up', 'no change'."""
    if delta == 0:
        return "no change"
    size = counted(abs(delta), "point")
    return f"{size} {'down' if delta < 0 else 'up'}"


def job_size(weight: float) -> str:
    """The jobs a weight stands for: 'over $1,000', 'up to $250', or 'of that size'."""
    for band, words in zip(
        WEIGHT_BANDS, ("up to $250", "of $251-1,000", "over $1,000"), strict=True
    ):
        if weight == band.weight:
            return words
    return "of that size"


def recovery_sentence(needs: Sequence[Recovery]) -> str:
    """'about 1 more good job of that size brings 90%, about 10 bring 95%'."""
    parts = []
    for n, need in enumerate(needs):
        verb = "brings" if need.jobs_high == 1 else "bring"
        about = "" if need.jobs_low == 0 else "about "  # "up to 7" is approximate already
        if n == 0:
            jobs = span(need.jobs_low, need.jobs_high, "more good job", "more good jobs")
            size = f" {need.size}" if need.size else ""
            parts.append(f"{about}{jobs}{size} {verb} {need.target}%")
        else:
            parts.append(f"{about}{numbers(need.jobs_low, need.jobs_high)} {verb} {need.target}%")
    return ", ".join(parts)


def recovery_text(derived: Derived) -> Mapping[str, str]:
    """Template words for a way back: jobs to each target and when negatives leave."""
    targets = [recovery_sentence(derived.recovery)] if derived.recovery else []
    first = derived.negatives_leave[0] if derived.negatives_leave else None
    six = first.leaves.get(6) if first is not None else None
    return {
        "recover_jobs": ", ".join(targets) or "no more jobs: you are at or above 90%",
        "recover_window": (
            f"the negative leaves the 6-month window on {six}" if six is not None else ""
        ),
    }


def drop_text(baseline: Baseline) -> Mapping[str, str]:
    """Template words for a drop the member saw: its size and the history it implies."""
    drop = baseline.drop
    if drop is None:
        return {"drop": "", "drop_jobs": ""}
    return {
        "drop": f"{drop.before}% to {drop.after}%",
        "drop_jobs": f"{drop.positive_likely:.0f}",
    }
