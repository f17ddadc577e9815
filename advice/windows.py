"""Look-back windows and how they combine into the shown score (JSS_MODEL section 4).

Hot path: the engine tallies every contract once per reading and then asks
"what if the contract in question read differently?" many times, so tallies
are plain slotted objects and adding one contract never copies them.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from advice.answer import WindowResult
from advice.rulesets import RuleSet
from advice.tables import Kind

_ONE_DAY = timedelta(days=1)
# Enum members read once: looking one up on its class is slow on Python 3.11.
_EXCLUDED, _POSITIVE, _NEGATIVE = Kind.EXCLUDED, Kind.POSITIVE, Kind.NEGATIVE
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clipped to the month's last day (Aug 31 + 6 → Feb 28)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
    return date(year, month, min(day.day, last))


def leaves_window(ended: date, months: int) -> date:
    """First day an outcome no longer counts in a window: its length plus one day."""
    return add_months(ended, months) + _ONE_DAY


def in_window(ended: date, months: int, as_of: date) -> bool:
    """Whether an outcome dated `ended` still counts in the `months` window on `as_of`."""
    return ended <= as_of < leaves_window(ended, months)


@lru_cache(maxsize=64)
def window_cutoffs(as_of: date, windows: tuple[int, ...]) -> tuple[date, ...]:
    """Earliest end date still inside each window on `as_of`.

    Found once per date so membership is one bisection per contract; the
    small search makes month-end clipping agree exactly with `in_window`.
    Cached: answers given on the same day share the date and the windows.
    """
    cutoffs = []
    for months in windows:
        guess = add_months(as_of, -months) - timedelta(days=3)
        while not in_window(guess, months, as_of):
            guess += _ONE_DAY
        cutoffs.append(guess)
    return tuple(cutoffs)


@dataclass(slots=True)
class Tally:
    """Weights and counts of the counted outcomes in one window."""

    positive: float = 0.0
    negative: float = 0.0
    total: float = 0.0
    outcomes: int = 0
    clients: dict[str, int] = field(default_factory=dict)
    unnamed_clients: int = 0
    """Distinct clients of outcomes the member did not list (the background pool)."""

    @property
    def client_count(self) -> int:
        return len(self.clients) + self.unnamed_clients


class Extra(NamedTuple):
    """One outcome added on top of a tally without changing it."""

    kind: Kind
    weight: float
    client: str
    depth: int
    """How many windows it counts in: windows are nested, so the first `depth` of them."""


class Shown(NamedTuple):
    """What one reading of the windows shows."""

    qualified: list[bool]
    likely: float | None
    """round(max(...)) over S/T of the qualifying windows."""
    pessimistic: float | None
    """The same over (S − N)/T, floored at 0%."""
    raw: float | None = None
    """`likely` before rounding."""


def shown_scores(
    tallies: Sequence[Tally],
    ruleset: RuleSet,
    extra: Extra | None = None,
    shift: tuple[float, int] | None = None,
    qualified: Sequence[bool] | None = None,
) -> Shown:
    """The shown score of one reading, by S/T and by (S − N)/T.

    `extra` adds one outcome without touching the tallies; `shift` = (weight, depth)
    turns that much positive weight into negative weight in the first `depth` windows
    (the hidden poor private rating); `qualified` overrides qualification (the
    unweighted reading keeps no client counts: they are the likely reading's).
    """
    quals: list[bool] = []
    min_outcomes, min_clients = ruleset.min_outcomes, ruleset.min_clients
    # Everything that does not change from window to window is unpacked once: this
    # runs a few dozen times per answer. Adding 0.0 leaves a sum exactly as it was.
    depth, add_s, add_n, add_t, client = 0, 0.0, 0.0, 0.0, ""
    if extra is not None and extra.kind is not _EXCLUDED:
        kind, add_t, client, depth = extra
        add_s = add_t if kind is _POSITIVE else 0.0
        add_n = add_t if kind is _NEGATIVE else 0.0
    moved, shifted = shift if shift is not None else (0.0, 0)
    # Candidates as in `combine`, computed inline.
    top = top_p = six = six_p = three = three_p = None
    for j, (months, tally) in enumerate(zip(ruleset.windows, tallies, strict=True)):
        s, n, t, k = tally.positive, tally.negative, tally.total, tally.outcomes
        inside = j < depth
        if inside:
            s += add_s
            n += add_n
            t += add_t
            k += 1
        if j < shifted:
            s -= moved
            n += moved
        if qualified is not None:
            ok = qualified[j]
        else:
            clients = tally.clients
            count = len(clients) + tally.unnamed_clients
            if inside and client not in clients:
                count += 1
            ok = k >= min_outcomes and count >= min_clients and t > 0
        quals.append(ok)
        if not ok or t <= 0:
            continue
        value = 100.0 * s / t
        low = 100.0 * (s - n) / t
        low = low if low > 0.0 else 0.0
        if months == 3:
            three, three_p = value, low
            continue
        if months == 6:
            six, six_p = value, low
        if top is None or value > top:
            top = value
        if top_p is None or low > top_p:
            top_p = low
    if ruleset.trending and six is not None and three is not None:
        assert six_p is not None and three_p is not None and top is not None and top_p is not None
        top = max(top, (six + three) / 2)
        top_p = max(top_p, (six_p + three_p) / 2)
    return Shown(
        quals,
        None if top is None else float(int(top + 0.5)),
        None if top_p is None else float(int(top_p + 0.5)),
        top,
    )


def combine(values: dict[int, float | None], trending: bool) -> float | None:
    """The shown score from qualifying windows: round(max(24, 12, 6, (6 + 3) / 2)).

    `values` maps window months to the window's score, None when it does not
    qualify. The 3-month window is never a candidate on its own.
    """
    candidates = [v for m, v in values.items() if m != 3 and v is not None]
    six, three = values.get(6), values.get(3)
    if trending and six is not None and three is not None:
        candidates.append((six + three) / 2)
    if not candidates:
        return None
    return float(int(max(candidates) + 0.5))


def window_results(tallies: Sequence[Tally], ruleset: RuleSet) -> tuple[WindowResult, ...]:
    """The per-window figures of the output contract."""
    results = []
    for months, tally in zip(ruleset.windows, tallies, strict=True):
        s, n, t, k = tally.positive, tally.negative, tally.total, tally.outcomes
        clients = tally.client_count
        qualifies = k >= ruleset.min_outcomes and clients >= ruleset.min_clients and t > 0
        likely = 100.0 * s / t if t > 0 else None
        pessimistic = max(0.0, 100.0 * (s - n) / t) if t > 0 else None
        results.append(WindowResult(months, s, n, t, k, clients, qualifies, likely, pessimistic))
    return tuple(results)
