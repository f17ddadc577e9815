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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from advice.outcomes import BEST, LIKELY, WORST, View
from advice.rulesets import RuleSet
from advice.tables import Kind
from advice.windows import Extra, Tally, membership, shown_from, window_cutoffs, window_scores

COUNT = 3
"""Index of the unweighted reading, next to BEST, LIKELY and WORST."""

Hidden = tuple[float, date, tuple[bool, ...]]


@dataclass(frozen=True, slots=True)
class Figures:
    """Shown-score figures of one reading of the situation (percent, rounded)."""

    shown: bool
    best: float | None
    likely: float | None
    worst: float | None
    unweighted: float | None


@dataclass(slots=True)
class Board:
    """Tallies per reading (best, likely, worst, count) and per window."""

    ruleset: RuleSet
    as_of: date
    cutoffs: tuple[date, ...]
    tallies: list[list[Tally]]
    hidden: Hidden | None

    def member(self, ref: date) -> tuple[bool, ...]:
        """Windows an outcome dated `ref` counts in."""
        return membership(ref, self.as_of, self.cutoffs)

    def copy(self) -> Board:
        """An independent board to change a few contracts on."""
        tallies = [
            [Tally(t.positive, t.negative, t.total, t.outcomes, dict(t.clients)) for t in row]
            for row in self.tallies
        ]
        return Board(self.ruleset, self.as_of, self.cutoffs, tallies, self.hidden)

    def add(self, view: View) -> None:
        """Count `view` in every reading."""
        self._apply(view, 1)

    def remove(self, view: View) -> None:
        """Take back a view added before (used to re-read a few contracts)."""
        self._apply(view, -1)

    def _apply(self, view: View, sign: int) -> None:
        member = self.member(view.ref)
        for variant in (BEST, LIKELY, WORST, COUNT):
            kind = view.kinds[LIKELY if variant == COUNT else variant]
            if kind is Kind.EXCLUDED:
                continue
            weight = 1.0 if variant == COUNT else view.weights[variant]
            for inside, tally in zip(member, self.tallies[variant], strict=True):
                if inside:
                    _change(tally, kind, weight * sign, view.client, sign)
        if sign > 0:
            self.hidden = _heavier(self.hidden, _hidden_of(view, member))


def _change(tally: Tally, kind: Kind, weight: float, client: str, sign: int) -> None:
    if kind is Kind.POSITIVE:
        tally.positive += weight
    elif kind is Kind.NEGATIVE:
        tally.negative += weight
    tally.total += weight
    tally.outcomes += sign
    left = tally.clients.get(client, 0) + sign
    if left:
        tally.clients[client] = left
    else:
        tally.clients.pop(client, None)


def _hidden_of(view: View, member: tuple[bool, ...]) -> Hidden | None:
    if view.private_unknown and view.kinds[WORST] is Kind.POSITIVE:
        return view.weights[WORST], view.ref, member
    return None


def _heavier(a: Hidden | None, b: Hidden | None) -> Hidden | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if (b[0], b[1]) > (a[0], a[1]) else a


def build_board(views: Iterable[View], ruleset: RuleSet, as_of: date) -> Board:
    """Tally `views` under `ruleset` on `as_of`."""
    cutoffs = window_cutoffs(as_of, ruleset.windows)
    size = len(ruleset.windows)
    tallies = [[Tally() for _ in range(size)] for _ in range(4)]
    board = Board(ruleset, as_of, cutoffs, tallies, None)
    for view in views:
        board.add(view)
    return board


def _extra(view: View | None, variant: int, member: tuple[bool, ...]) -> Extra | None:
    if view is None:
        return None
    kind = view.kinds[LIKELY if variant == COUNT else variant]
    weight = 1.0 if variant == COUNT else view.weights[variant]
    return Extra(kind, weight, view.client, member)


def evaluate(board: Board, view: View | None = None) -> Figures:
    """Best / likely / worst shown scores of the board plus `view` (if any)."""
    rs = board.ruleset
    member = board.member(view.ref) if view is not None else ()
    likely_scores = window_scores(board.tallies[LIKELY], rs, _extra(view, LIKELY, member))
    likely = shown_from(likely_scores, rs)
    if likely is None:
        return Figures(False, None, None, None, None)
    best_raw = shown_from(window_scores(board.tallies[BEST], rs, _extra(view, BEST, member)), rs)
    worst_extra = _extra(view, WORST, member)
    worst_tallies = board.tallies[WORST]
    lows = [
        shown_from(likely_scores, rs, pessimistic=True),
        shown_from(window_scores(worst_tallies, rs, worst_extra), rs, pessimistic=True),
    ]
    hidden = board.hidden
    if view is not None:
        hidden = _heavier(hidden, _hidden_of(view, member))
    if hidden is not None:
        shift = (hidden[0], hidden[2])
        lows.append(shown_from(window_scores(worst_tallies, rs, worst_extra, shift), rs))
    worst = min([likely, *(low for low in lows if low is not None)])
    best = likely if best_raw is None else max(best_raw, likely)
    count_scores = window_scores(board.tallies[COUNT], rs, _extra(view, COUNT, member))
    unweighted = shown_from(count_scores, rs)
    return Figures(True, best, likely, worst, unweighted)


def figures_for(views: Sequence[View], ruleset: RuleSet, as_of: date) -> Figures:
    """Figures of a whole list of views (convenience for callers outside the hot path)."""
    return evaluate(build_board(views, ruleset, as_of))
