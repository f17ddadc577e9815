"""What an estimate is read from: the board of every other contract, once or per reading
of the member's unlisted history.

Without a stated score there is one board and the estimate doubts itself: its worst
case reads the (S - N)/T formula and a hidden poor private rating. With a stated
score the unlisted history is a pool on each board, one board per size it may have;
the stated score rules out the doubting readings, so the spread comes from the size
of the history and from the unknowns of the contract in question (JSS_MODEL 9).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from advice.baseline import (
    Baseline,
    BaselineSource,
    calibrate,
    least_pool,
    now_kind,
    pool_size,
    question_counted,
    read_drop,
)
from advice.estimate import Board, Figures, build_board, evaluate
from advice.outcomes import BEST, LIKELY, View
from advice.rulesets import RuleSet
from advice.situation import Contract, QuestionKind, Situation
from advice.tables import ZERO_NEGATIVE_WEIGHT, Kind


@dataclass(frozen=True)
class Basis:
    """The boards an estimate is read from: `likely`, and the ones that bound the spread."""

    likely: Board
    spread: tuple[Board, ...] = ()
    doubts: bool = True

    def figures(self, view: View | None, *, unweighted: bool = False) -> Figures:
        """Best / likely / worst with `view` added: likely from the likely board, the
        extremes over every board."""
        found = evaluate(self.likely, view, unweighted, doubts=self.doubts)
        if not self.spread or not found.shown:
            return found
        others = [evaluate(board, view, False, doubts=self.doubts) for board in self.spread]
        bests = [f.best for f in (found, *others) if f.best is not None]
        worsts = [f.worst for f in (found, *others) if f.worst is not None]
        return found._replace(best=max(bests), worst=min(worsts))

    def changed(self, change: Callable[[Board], None]) -> Basis:
        """A copy with `change` applied to a copy of every board."""

        def applied(board: Board) -> Board:
            copy = board.copy()
            change(copy)
            return copy

        return Basis(applied(self.likely), tuple(applied(b) for b in self.spread), self.doubts)

    def without_spread(self) -> Basis:
        """The likely board alone: the history taken at its likely size."""
        return Basis(self.likely, (), self.doubts)

    def trusting(self) -> Basis:
        """The same boards read without the worst cases that doubt the score itself."""
        return Basis(self.likely, self.spread, doubts=False)


def settled(view: View, kind: Kind) -> View:
    """`view` read one way in every reading (best, likely, worst), at its likely weight."""
    if kind is Kind.EXCLUDED:
        weight = 0.0
    elif view.zero:
        weight = ZERO_NEGATIVE_WEIGHT
    else:
        weight = view.weight.mid if view.weight is not None else 1.0
    # An open contract still at work can yet be closed well: its best reading stays,
    # so closing good contracts first is an action open to the member.
    best = Kind.POSITIVE if view.open_active and view.kinds[BEST] is Kind.POSITIVE else kind
    best_weight = view.weights[BEST] if best is not kind else weight
    return replace(
        view,
        kinds=(best, kind, kind),
        weights=(best_weight, weight, weight),
        private_unknown=False,
        missing=[],
    )


def _dropped_since(contract: Contract) -> bool:
    """The contract's feedback stopped counting after the score the member states took it
    in (its client suspended, the feedback removed): the answer is the score without it."""
    return contract.client_suspended or contract.feedback_removed


@dataclass(frozen=True)
class Reading:
    """What the estimate reads: the basis, the views on it (the contract in question's at
    its index, as it will be added), the score the answer starts from, and the contract
    in question as it counts today (None while it is not in the score yet)."""

    basis: Basis
    views: list[View]
    question: View | None
    baseline: Baseline
    now: View | None = None


def read_basis(
    situation: Situation,
    ruleset: RuleSet,
    as_of: date,
    views: list[View],
    q_index: int | None,
    kind: QuestionKind,
) -> Reading:
    """The basis of an estimate: from the stated score when there is one, else from the
    listed contracts alone."""
    q_view = None if q_index is None else views[q_index]
    if situation.freelancer.stated_range is None:
        board = build_board((v for v in views if v is not q_view), ruleset, as_of)
        q_now = _counted_now(situation, views, q_index, board.as_of, kind)
        baseline = _computed(board, q_now)
        return Reading(Basis(board), views, q_view, baseline, q_now)
    return _stated(situation, ruleset, as_of, views, q_index, kind)


def _counted_now(
    situation: Situation,
    views: list[View],
    q_index: int | None,
    as_of: date,
    kind: QuestionKind,
) -> View | None:
    """The contract in question as the listed score counts it today, if it does."""
    if q_index is None:
        return None
    q, view = situation.contracts[q_index], views[q_index]
    if not question_counted(q, view, kind, None, as_of):
        return None
    return settled(view, now_kind(view, q))


def _computed(board: Board, q_now: View | None) -> Baseline:
    """The score the listed contracts show before the contract in question lands."""
    shown = evaluate(board, q_now, False).likely
    source = BaselineSource.NONE if shown is None else BaselineSource.COMPUTED
    return Baseline(source, shown)


def _stated(
    situation: Situation,
    ruleset: RuleSet,
    as_of: date,
    views: list[View],
    q_index: int | None,
    kind: QuestionKind,
) -> Reading:
    freelancer, contracts = situation.freelancer, situation.contracts
    stated = freelancer.stated_range
    assert stated is not None
    now = [settled(v, now_kind(v, contracts[v.index])) for v in views]
    others = [v for v in now if v.index != q_index]
    q_view = q_now = None
    counted = False
    if q_index is None:
        drop = read_drop(freelancer, 1.0)
    else:
        q, q_view = contracts[q_index], views[q_index]
        drop = read_drop(freelancer, settled(q_view, Kind.NEGATIVE).weights[LIKELY])
        counted = question_counted(q, q_view, kind, drop, as_of)
        if counted:
            # A drop the member saw says how the contract reads: as the negative behind it.
            caused = drop is not None and (Kind.NEGATIVE in q_view.kinds or _dropped_since(q))
            q_now = settled(q_view, Kind.NEGATIVE if caused else now_kind(q_view, q))
            if not q.is_open and not _dropped_since(q):
                q_view = q_now  # in the score already, and it stays as it reads
    others_board = build_board(others, ruleset, as_of)
    listed = build_board([*others, *([q_now] if q_now else [])], ruleset, as_of)
    size = pool_size(freelancer, len(contracts), others_board.tallies[LIKELY][0].total, drop)
    low, high = stated
    middle = (low + high) / 2

    def board_for(total: float, target: float) -> tuple[Board, bool]:
        # The stated score rules out histories too small to produce it (JSS_MODEL 9).
        total = max(total, least_pool(listed.tallies[LIKELY], ruleset, target))
        share, fits = calibrate(listed.tallies[LIKELY], ruleset, target, total)
        board = others_board.copy()
        board.add_pool(share)
        return board, fits

    likely, fits = board_for(size.likely, middle)
    ends = {(total, target) for total in (size.low, size.high) for target in (low, high)}
    spread = tuple(board_for(total, target)[0] for total, target in sorted(ends))
    on_board = [q_view if v.index == q_index and q_view is not None else v for v in now]
    baseline = Baseline(
        BaselineSource.STATED, middle, stated, freelancer.previous_jss, size, drop, counted, fits
    )
    return Reading(Basis(likely, spread, doubts=False), on_board, q_view, baseline, q_now)
