"""What one sentence says as a whole: its clauses, mood and tense, before any fact is placed.

A threat is a demand backed by feedback ("or he'll leave 1 star"); extra work for
free is a scope demand; a what-if ("if a client ever threatens...") holds no event.
Feedback words in a clause that speaks of the future are feedback to expect; a
clause that says feedback was left tells what happened, threat or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from commands.parsing.kinds import Kind
from commands.parsing.lexer import Token
from commands.parsing.phrasing import REVIEWISH

# Words that make extra work unpaid when said in the same clause ("more pages, no pay").
_UNPAID = frozenset({Kind.UNPAID, Kind.DORMANT, Kind.ZERO})
# Words of a clause that make what it says a condition or a thing to come.
NOT_YET = frozenset({Kind.PRESSURE, Kind.FUTURE, Kind.HYPOTHETICAL})
# Sets of kinds looked for in every sentence, built once (building one costs more than
# the look-up).
_DEMANDS = frozenset({Kind.THREAT, Kind.PRESSURE})
_SCOPE_OR_UNPAID = frozenset({Kind.SCOPE, Kind.UNPAID})
_SCOPE_UNFUNDED = frozenset({Kind.SCOPE, Kind.MS_UNFUNDED})
_TO_COME = frozenset({Kind.FUTURE, Kind.PROMISE})


@dataclass(frozen=True)
class Sentence:
    """One sentence's kinds of token, by clause, and what they make of it."""

    kinds: frozenset[Kind]
    clause_kinds: dict[int, frozenset[Kind]]
    question: bool
    threat: bool
    scope: bool

    @property
    def dormancy(self) -> bool:
        """A contract gone quiet ("no activity since May"), not unpaid extra work."""
        return Kind.DORMANT in self.kinds and not self.scope

    def expecting(self, clause: int) -> bool:
        """Feedback in this clause is to come ("will", "said she'd give")."""
        found = self.clause_kinds[clause]
        return not found.isdisjoint(_TO_COME) and Kind.PAST not in found

    def told_as_given(self, clause: int) -> bool:
        """This clause says feedback was left ("he left 1 star")."""
        return Kind.PAST in self.clause_kinds[clause]

    def not_yet(self, clause: int) -> bool:
        """This clause is a condition or a thing to come ("unless I refunded him")."""
        return bool(self.clause_kinds[clause] & NOT_YET)


def sentence(toks: list[Token], clauses: list[int], question: bool) -> Sentence:
    """What the tokens of one sentence say as a whole; `clauses[i]` is `toks[i]`'s clause."""
    kinds = frozenset([t.kind for t in toks])
    clause_kinds = _clause_kinds(toks, clauses, kinds)
    # A threat is a demand backed by feedback: "threatening to dispute it" is no
    # feedback, and "he said he'll give me 3 stars" with nothing asked is an honest
    # rating announced (feedback to expect), not extortion.
    threat = not kinds.isdisjoint(_DEMANDS) and not kinds.isdisjoint(REVIEWISH)
    scope = (
        Kind.SCOPE_FREE in kinds
        or (
            Kind.SCOPE in kinds
            and any(Kind.SCOPE in found and found & _UNPAID for found in clause_kinds.values())
        )
        # 'an extra feature "as milestone 2" but never funded it': the milestone for the
        # extra work is unfunded, wherever in the sentence that is said.
        or _SCOPE_UNFUNDED.issubset(kinds)
        or (not kinds.isdisjoint(_SCOPE_OR_UNPAID) and threat)
    )
    if Kind.HYPOTHETICAL in kinds:
        threat = scope = False
    return Sentence(
        kinds=kinds,
        clause_kinds=clause_kinds,
        question=question or Kind.ASK in kinds,
        threat=threat,
        scope=scope,
    )


def _clause_kinds(
    toks: list[Token], clauses: list[int], kinds: frozenset[Kind]
) -> dict[int, frozenset[Kind]]:
    """The kinds of each clause; clause numbers rise along the sentence, so a sentence of
    one clause (most of them) is its first and last token's."""
    if not clauses or clauses[0] == clauses[-1]:
        return {clauses[0]: kinds} if clauses else {}
    by_clause: dict[int, list[Kind]] = {}
    for tok, clause in zip(toks, clauses, strict=True):
        by_clause.setdefault(clause, []).append(tok.kind)
    return {clause: frozenset(found) for clause, found in by_clause.items()}
