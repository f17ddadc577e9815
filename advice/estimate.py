"""From contract views to best / likely / worst shown scores (JSS_MODEL section 4).

A `Board` holds the tallies of every contract except (optionally) one: the
contract in question. Each what-if then adds one differently-read contract on
top, so fourteen scenarios cost fourteen small additions, not fourteen
recounts.

Readings:
- likely: S/T over the likely outcomes;
- best: S/T over the best outcomes (never below likely);
- worst: the lower of (S-N)/T over the worst outcomes and S/T with one hidden
  poor private rating on the heaviest contract whose private feedback the
  member cannot see (never above likely);
- unweighted: S/T over the likely outcomes, every outcome weighing one job.
When the likely reading has no qualifying window, no score shows and all four
are None; when only the best or worst reading lacks one, likely stands in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from advice.outcomes import BEST, LIKELY, WORST, View
from advice.rulesets import RuleSet
from advice.tables import Kind
from advice.windows import Extra, Shown, Tally, shown_scores, window_cutoffs

COUNT = 3
"""Index of the unweighted reading, next to BEST, LIKELY and WORST."""

# Enum members read once: looking one up on its class is slow on Python 3.11.
_EXCLUDED, _POSITIVE, _NEGATIVE = Kind.EXCLUDED, Kind.POSITIVE, Kind.NEGATIVE

Hidden = tuple[float, date, int]
"""A hidden poor private rating: the weight it would turn, its date and its depth."""


class PoolShare(NamedTuple):
    """The unlisted outcomes as one block: positive and total weight, outcomes, clients."""

    positive: float
    total: float
    outcomes: int
    clients: int


def pool_fraction(months: int, windows: Sequence[int]) -> float:
    """The share of the unlisted history inside a window of `months`.

    Their dates are unknown, so they are taken as spread evenly over the longest window:
    a 3-month window holds an eighth of a 24-month history, and an outcome that left it
    weighs against the jobs of its own months only, as the drop's arithmetic reads it.
    """
    return months / windows[0]


class Figures(NamedTuple):
    """Shown-score figures of one reading of the situation (percent, rounded)."""

    shown: bool
    best: float | None
    likely: float | None
    worst: float | None
    unweighted: float | None


ShownKey = tuple[int, Extra | None, tuple[float, int] | None]


@dataclass(slots=True)
class Board:
    """Tallies per reading (best, likely, worst, count) and per window.

    Changed only through its methods: what a reading shows with one outcome added is
    kept until the next change, since the scenarios ask a board the same several times.
    """

    ruleset: RuleSet
    as_of: date
    cutoffs: tuple[date, ...]
    tallies: list[list[Tally]]
    hidden: Hidden | None
    _shown: dict[ShownKey, Shown] = field(default_factory=dict, repr=False, compare=False)

    def depth(self, ref: date) -> int:
        """How many windows an outcome dated `ref` counts in. Windows are nested (longest
        first, so their cutoffs ascend): it counts in the first `depth` of them."""
        return bisect_right(self.cutoffs, ref) if ref <= self.as_of else 0

    def copy(self) -> Board:
        """An independent board to change a few contracts on."""
        tallies = [
            [
                Tally(
                    t.positive, t.negative, t.total, t.outcomes, dict(t.clients), t.unnamed_clients
                )
                for t in row
            ]
            for row in self.tallies
        ]
        return Board(self.ruleset, self.as_of, self.cutoffs, tallies, self.hidden)

    def shown(
        self, reading: int, extra: Extra | None, shift: tuple[float, int] | None = None
    ) -> Shown:
        """What `reading` shows with `extra` added (and `shift`: see `shown_scores`)."""
        key = (reading, extra, shift)
        found = self._shown.get(key)
        if found is None:
            found = shown_scores(self.tallies[reading], self.ruleset, extra, shift)
            self._shown[key] = found
        return found

    def add_pool(self, pool: PoolShare) -> None:
        """Count the outcomes the member did not list, in every window of every reading,
        by the share of them each window holds (`pool_fraction`); their clients count
        as many as a window needs wherever they count, since a score shows with them.
        """
        self._shown.clear()
        negative = pool.total - pool.positive
        windows = self.ruleset.windows
        for row in self.tallies:
            for months, tally in zip(windows, row, strict=True):
                part = pool_fraction(months, windows)
                outcomes = round(pool.outcomes * part)
                tally.positive += pool.positive * part
                tally.negative += negative * part
                tally.total += pool.total * part
                tally.outcomes += outcomes
                tally.unnamed_clients += pool.clients if outcomes else 0

    def add(self, view: View) -> None:
        """Count `view` in every reading."""
        # Windows are nested (longest first), so an outcome counts in the first `depth`
        # windows of every reading.
        depth = self.depth(view.ref)
        if not depth:
            return
        self._shown.clear()
        kinds, weights, client = view.kinds, view.weights, view.client
        excluded, positive, negative = _EXCLUDED, _POSITIVE, _NEGATIVE
        tallies = self.tallies
        for kind, weight, row in zip(kinds, weights, tallies, strict=False):  # best, likely, worst
            if kind is excluded:
                continue
            for tally in row[:depth]:
                if kind is positive:
                    tally.positive += weight
                elif kind is negative:
                    tally.negative += weight
                tally.total += weight
                tally.outcomes += 1
                tally.clients[client] = tally.clients.get(client, 0) + 1
        kind = kinds[LIKELY]
        if kind is not excluded:
            # The unweighted reading: same outcomes and clients as the likely one,
            # so only the weights are kept.
            for tally in tallies[COUNT][:depth]:
                if kind is positive:
                    tally.positive += 1.0
                elif kind is negative:
                    tally.negative += 1.0
                tally.total += 1.0
        if view.private_unknown:
            self.hidden = _heavier(self.hidden, _hidden_of(view, depth))

    def replace(self, old: View, new: View) -> None:
        """Count `new` instead of `old`, a view added before (a contract re-read).

        Each sum changes as by taking `old` out and then adding `new`, in that order;
        the outcome and client counts only where one of them counts and the other not.
        Only for an `old` that cannot carry the hidden private rating (open contracts),
        since `hidden` is not recomputed.
        """
        old_depth, new_depth = self.depth(old.ref), self.depth(new.ref)
        if not old_depth and not new_depth:
            return
        self._shown.clear()
        client, tallies = old.client, self.tallies
        for reading, row in enumerate(tallies[:COUNT]):
            was = (old.kinds[reading], old.weights[reading], old_depth)
            now = (new.kinds[reading], new.weights[reading], new_depth)
            _refile(row, was, now, client)
        # The unweighted reading keeps weights only: its outcomes are the likely one's.
        was, now = (old.kinds[LIKELY], 1.0, old_depth), (new.kinds[LIKELY], 1.0, new_depth)
        _refile(tallies[COUNT], was, now, None)
        if new_depth and new.private_unknown:
            self.hidden = _heavier(self.hidden, _hidden_of(new, new_depth))


Filed = tuple[Kind, float, int]
"""One outcome as one reading counts it: its kind, its weight, the windows that hold it."""


def _refile(row: list[Tally], was: Filed, now: Filed, client: str | None) -> None:
    """Take `was` out of one reading's windows and put `now` in (see `Board.replace`);
    `client` None for the unweighted reading, which keeps no counts."""
    old_kind, old_weight, old_depth = was
    new_kind, new_weight, new_depth = now
    old_depth = 0 if old_kind is _EXCLUDED else old_depth
    new_depth = 0 if new_kind is _EXCLUDED else new_depth
    for j, tally in enumerate(row[: max(old_depth, new_depth)]):
        counted_before, counted_now = j < old_depth, j < new_depth
        if counted_before:
            if old_kind is _POSITIVE:
                tally.positive -= old_weight
            elif old_kind is _NEGATIVE:
                tally.negative -= old_weight
            tally.total -= old_weight
        if counted_now:
            if new_kind is _POSITIVE:
                tally.positive += new_weight
            elif new_kind is _NEGATIVE:
                tally.negative += new_weight
            tally.total += new_weight
        if client is None or counted_before == counted_now:
            continue
        change = 1 if counted_now else -1
        tally.outcomes += change
        left = tally.clients.get(client, 0) + change
        if left:
            tally.clients[client] = left
        else:
            del tally.clients[client]


def _hidden_of(view: View, depth: int) -> Hidden | None:
    if view.private_unknown and view.kinds[WORST] is _POSITIVE:
        return view.weights[WORST], view.ref, depth
    return None


def _heavier(a: Hidden | None, b: Hidden | None) -> Hidden | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if (b[0], b[1]) > (a[0], a[1]) else a


def build_board(views: Iterable[View], ruleset: RuleSet, as_of: date) -> Board:
    """Tally `views` under `ruleset` on `as_of`.

    Windows are nested, so each outcome is filed once per reading under its
    depth (how many windows hold it) and the windows are summed from the
    shortest outwards at the end: one update per contract and reading instead
    of one per window. The unweighted reading counts the likely one's outcomes.
    """
    cutoffs = window_cutoffs(as_of, ruleset.windows)
    size = len(ruleset.windows)
    sums = [[[0.0, 0.0, 0.0, 0] for _ in range(size)] for _ in range(COUNT)]
    # Outcomes per client and depth, per weighted reading.
    per_client: list[list[dict[str, int]]] = [[{} for _ in range(size)] for _ in range(COUNT)]
    likely_positive, likely_negative = [0] * size, [0] * size
    excluded, positive, negative = _EXCLUDED, _POSITIVE, _NEGATIVE
    hidden: Hidden | None = None
    for view in views:
        # Board.depth, inlined: this loop runs once per contract of every answer.
        ref = view.ref
        depth = bisect_right(cutoffs, ref) - 1 if ref <= as_of else -1
        if depth < 0:
            continue
        client, kinds = view.client, view.kinds
        for kind, weight, rows, clients in zip(kinds, view.weights, sums, per_client, strict=True):
            if kind is excluded:
                continue
            bucket = rows[depth]
            if kind is positive:
                bucket[0] += weight
            elif kind is negative:
                bucket[1] += weight
            bucket[2] += weight
            bucket[3] += 1
            at_depth = clients[depth]
            at_depth[client] = at_depth.get(client, 0) + 1
        kind = kinds[LIKELY]
        if kind is positive:
            likely_positive[depth] += 1
        elif kind is negative:
            likely_negative[depth] += 1
        if view.private_unknown and kinds[WORST] is positive:
            hidden = _heavier(hidden, _hidden_of(view, depth + 1))
    counted = [
        [float(likely_positive[d]), float(likely_negative[d]), float(bucket[3]), 0]
        for d, bucket in enumerate(sums[LIKELY])
    ]
    no_clients: list[dict[str, int]] = [{} for _ in range(size)]
    tallies = [_windows_from(sums[v], per_client[v]) for v in range(COUNT)]
    tallies.append(_windows_from(counted, no_clients))
    return Board(ruleset, as_of, cutoffs, tallies, hidden)


def _windows_from(buckets: list[list[float]], per_client: list[dict[str, int]]) -> list[Tally]:
    """Window tallies from depth buckets: window j holds every outcome of depth >= j."""
    tallies: list[Tally] = []
    s = n = t = 0.0
    k = 0
    clients: dict[str, int] = {}
    for bucket, at_depth in zip(reversed(buckets), reversed(per_client), strict=True):
        s += bucket[0]
        n += bucket[1]
        t += bucket[2]
        k += int(bucket[3])
        # Merged once per client and depth, then copied whole (fast) into the window.
        for client, count in at_depth.items():
            clients[client] = clients.get(client, 0) + count
        tallies.append(Tally(s, n, t, k, dict(clients)))
    tallies.reverse()
    return tallies


def _extra(view: View | None, variant: int, depth: int) -> Extra | None:
    """`view` as one outcome on top of a reading; None when it adds nothing there."""
    if view is None:
        return None
    kind = view.kinds[LIKELY if variant == COUNT else variant]
    if kind is _EXCLUDED:
        return None
    weight = 1.0 if variant == COUNT else view.weights[variant]
    return Extra(kind, weight, view.client, depth)


def evaluate(
    board: Board, view: View | None = None, unweighted: bool = True, *, doubts: bool = True
) -> Figures:
    """Best / likely / worst shown scores of the board plus `view` (if any).

    `unweighted=False` skips the count-based figure (scenarios do not show it).
    `doubts=False` leaves out the worst-case readings that doubt the score itself
    (the (S - N)/T formula, a hidden poor private rating): a score the member
    states has already ruled them out.
    """
    depth = board.depth(view.ref) if view is not None else 0
    likely_shown = board.shown(LIKELY, _extra(view, LIKELY, depth))
    likely = likely_shown.likely
    if likely is None:
        return Figures(False, None, None, None, None)
    best_raw = board.shown(BEST, _extra(view, BEST, depth)).likely
    worst_shown = board.shown(WORST, _extra(view, WORST, depth))
    lows: tuple[float | None, ...] = (worst_shown.likely,)
    if doubts:
        lows = (likely_shown.pessimistic, worst_shown.pessimistic, _hidden_low(board, view, depth))
    worst = likely
    for low in lows:
        if low is not None and low < worst:
            worst = low
    best = likely if best_raw is None else max(best_raw, likely)
    if not unweighted:
        return Figures(True, best, likely, worst, None)
    count_extra = _extra(view, COUNT, depth)
    count_tallies = board.tallies[COUNT]
    qualified = likely_shown.qualified
    count = shown_scores(count_tallies, board.ruleset, count_extra, None, qualified).likely
    return Figures(True, best, likely, worst, count)


def _hidden_low(board: Board, view: View | None, depth: int) -> float | None:
    """The worst reading's score with the heaviest hidden poor private rating, if any."""
    hidden = board.hidden
    if view is not None and view.private_unknown:
        hidden = _heavier(hidden, _hidden_of(view, depth))
    if hidden is None:
        return None
    return board.shown(WORST, _extra(view, WORST, depth), (hidden[0], hidden[2])).likely
