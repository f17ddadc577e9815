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

from advice.answer import WindowResult
from advice.rulesets import RuleSet
from advice.tables import Kind

_ONE_DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clipped to the month's last day (Aug 31 + 6 → Feb 28)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def leaves_window(ended: date, months: int) -> date:
    """First day an outcome no longer counts in a window: its length plus one day."""
    return add_months(ended, months) + _ONE_DAY


def in_window(ended: date, months: int, as_of: date) -> bool:
    """Whether an outcome dated `ended` still counts in the `months` window on `as_of`."""
    return ended <= as_of < leaves_window(ended, months)


def window_cutoffs(as_of: date, windows: Sequence[int]) -> tuple[date, ...]:
    """Earliest end date still inside each window on `as_of`.

    Found once per answer so membership is one comparison per contract; the
    small search makes month-end clipping agree exactly with `in_window`.
    """
    cutoffs = []
    for months in windows:
        guess = add_months(as_of, -months) - timedelta(days=3)
        while not in_window(guess, months, as_of):
            guess += _ONE_DAY
        cutoffs.append(guess)
    return tuple(cutoffs)


def membership(ref: date, as_of: date, cutoffs: Sequence[date]) -> tuple[bool, ...]:
    """Which windows an outcome dated `ref` counts in."""
    return tuple(cutoff <= ref <= as_of for cutoff in cutoffs)


@dataclass(slots=True)
class Tally:
    """Weights and counts of the counted outcomes in one window."""

    positive: float = 0.0
    negative: float = 0.0
    total: float = 0.0
    outcomes: int = 0
    clients: dict[str, int] = field(default_factory=dict)

    def add(self, kind: Kind, weight: float, client: str) -> None:
        if kind is Kind.EXCLUDED:
            return
        if kind is Kind.POSITIVE:
            self.positive += weight
        elif kind is Kind.NEGATIVE:
            self.negative += weight
        self.total += weight
        self.outcomes += 1
        self.clients[client] = self.clients.get(client, 0) + 1


@dataclass(frozen=True, slots=True)
class Extra:
    """One outcome added on top of a tally without changing it."""

    kind: Kind
    weight: float
    client: str
    member: tuple[bool, ...]


def window_scores(
    tallies: Sequence[Tally],
    ruleset: RuleSet,
    extra: Extra | None = None,
    shift: tuple[float, tuple[bool, ...]] | None = None,
) -> list[tuple[bool, float | None, float | None]]:
    """(qualifies, likely %, pessimistic %) per window.

    `extra` adds one outcome; `shift` turns that much positive weight into
    negative weight in the windows marked (the hidden poor private rating).
    """
    out: list[tuple[bool, float | None, float | None]] = []
    for i, tally in enumerate(tallies):
        s, n, t, k = tally.positive, tally.negative, tally.total, tally.outcomes
        clients = len(tally.clients)
        if extra is not None and extra.member[i] and extra.kind is not Kind.EXCLUDED:
            w = extra.weight
            s += w if extra.kind is Kind.POSITIVE else 0.0
            n += w if extra.kind is Kind.NEGATIVE else 0.0
            t += w
            k += 1
            clients += extra.client not in tally.clients
        if shift is not None and shift[1][i]:
            s -= shift[0]
            n += shift[0]
        qualifies = k >= ruleset.min_outcomes and clients >= ruleset.min_clients and t > 0
        if t > 0:
            out.append((qualifies, 100.0 * s / t, max(0.0, 100.0 * (s - n) / t)))
        else:
            out.append((qualifies, None, None))
    return out


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


def shown_from(
    scores: Sequence[tuple[bool, float | None, float | None]],
    ruleset: RuleSet,
    pessimistic: bool = False,
) -> float | None:
    """Shown score from `window_scores` output, by the likely or the pessimistic reading."""
    pick = 2 if pessimistic else 1
    values: dict[int, float | None] = {}
    for months, score in zip(ruleset.windows, scores, strict=True):
        values[months] = score[pick] if score[0] else None
    return combine(values, ruleset.trending)


def window_results(
    tallies: Sequence[Tally], ruleset: RuleSet, extra: Extra | None = None
) -> tuple[WindowResult, ...]:
    """The per-window figures of the output contract."""
    scores = window_scores(tallies, ruleset, extra)
    results = []
    for i, (months, tally) in enumerate(zip(ruleset.windows, tallies, strict=True)):
        qualifies, likely, pessimistic = scores[i]
        s, n, t, k = tally.positive, tally.negative, tally.total, tally.outcomes
        clients = len(tally.clients)
        if extra is not None and extra.member[i] and extra.kind is not Kind.EXCLUDED:
            s += extra.weight if extra.kind is Kind.POSITIVE else 0.0
            n += extra.weight if extra.kind is Kind.NEGATIVE else 0.0
            t += extra.weight
            k += 1
            clients += extra.client not in tally.clients
        results.append(WindowResult(months, s, n, t, k, clients, qualifies, likely, pessimistic))
    return tuple(results)
