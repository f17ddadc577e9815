"""Placing dates and spans of time read in one sentence.

A date goes to the nearest date-taking word in its sentence ("used the perk",
"inactive", "ended", "started"), else to feedback given next to it; a length of
time ("for 4 months") becomes the months with payments of the contract named
just before it; a date after the as-of date is a question about the future and
is only said back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from commands.parsing import dates
from commands.parsing.contracts import Draft
from commands.parsing.kinds import Kind
from commands.parsing.lexer import Token
from commands.parsing.sanitize import snippet

DATE_KINDS = frozenset(
    {
        Kind.ISO_DATE,
        Kind.MONTH_DATE,
        Kind.RELATIVE,
        Kind.YEAR,
        Kind.SPAN,
        Kind.WEEKDAY,
        Kind.SEASON,
    }
)
DATE_CUES = frozenset(
    {
        Kind.PERK_USED,
        Kind.DORMANT,
        Kind.ST_ENDED,
        Kind.STARTED,
        Kind.UNRESPONSIVE,
        Kind.DISPUTED,
        Kind.REFUNDED,
    }
)
# Cues whose date is, at the latest, when the contract ended ("lost a dispute a year ago").
_ENDING_CUES = frozenset({Kind.ST_ENDED, Kind.DISPUTED, Kind.REFUNDED})
# "Left a 1 star review 18 months ago": with no other word to take it, a date
# next to feedback given dates the end of that contract (feedback follows the end).
FEEDBACK_DATE_CUES = frozenset(
    {Kind.STARS, Kind.STAR_RUN, Kind.RATING, Kind.FB_NEG, Kind.FB_POS, Kind.FB_GIVEN}
)
_FUTURE_POST = frozenset({"later", "from now"})
_FUTURE_PRE = frozenset({"in", "within", "after"})
_FUTURE_WORDS = frozenset({Kind.FUTURE, Kind.ONGOING, Kind.ASK, Kind.ACT_END, Kind.IMPACT})
_SPAN_PRE = frozenset({"for", "over", "about", "around", "almost", "nearly", "past", "last"})


class Timeline:
    """Dates of one text, resolved against the as-of date."""

    def __init__(self, as_of: date, unread: Callable[[Token, str], None]) -> None:
        self.as_of = as_of
        self.unread = unread
        self.perk_last_used: date | None = None
        self.notes: list[str] = []
        self.after_span_verb: set[int] = set()
        """Starts of spans right after "ran", "lasted": a contract's length without "for"."""
        self.future = False
        """The sentence being read speaks of the future ("what will it be in 3 months")."""
        self.after_open: set[int] = set()
        """Starts of spans right after "open": "open for 8 months" dates the start."""

    def read(
        self,
        toks: list[Token],
        kinds: frozenset[Kind],
        given_to: dict[int, list[Draft]],
        dormancy: bool,
        main: Draft | None,
    ) -> None:
        """Place every date and span of one sentence (`kinds`: its tokens' kinds)."""
        if kinds.isdisjoint(DATE_KINDS):
            return
        self.future = any(t.kind in _FUTURE_WORDS for t in toks)
        self.after_span_verb = _right_after(toks, Kind.SPAN_VERB)
        # "open for 8 months" dates its start, even where it has gone quiet since.
        self.after_open = _right_after(toks, Kind.ST_OPEN)
        cues = [
            i
            for i, t in enumerate(toks)
            if t.kind in DATE_CUES and (t.kind != Kind.DORMANT or dormancy)
        ]
        feedback_cues = [i for i, t in enumerate(toks) if t.kind in FEEDBACK_DATE_CUES]
        taken: set[int] = set()
        for i, tok in enumerate(toks):
            if tok.kind not in DATE_KINDS or (tok.kind == Kind.YEAR and not tok.parts.get("pre")):
                continue
            if (
                tok.kind == Kind.SPAN
                and tok.start in self.after_open
                and tok.parts.get("pre") == "for"
            ):
                # "open for 8 months": it started 8 months ago, however long it has paid.
                started = dates.shift(self.as_of, int(tok.parts["n"] or 0), _unit(tok))
                for draft in given_to.get(i - 1, []):
                    draft.start = draft.start or started
                continue
            when, months = self.when(tok, dormancy)
            if (
                when is not None
                and tok.start in self.after_open
                and tok.parts.get("pre") == "since"
            ):
                # "open since January": the day it started.
                for draft in given_to.get(i - 1, []):
                    draft.start = draft.start or when
                continue
            if when is None and months is None:
                continue
            if when is None:
                for draft in _span_targets(i, given_to, main):
                    draft.paid_months = draft.paid_months or months
                continue
            if when > self.as_of:
                self.notes.append(f"You ask about {when.isoformat()} ({snippet(tok.text)}).")
                continue
            free = [c for c in cues if c not in taken] or [
                c for c in feedback_cues if c not in taken and given_to.get(c)
            ]
            if not free:
                if tok.kind != Kind.YEAR:  # "since 2019" is background, not a fact to place
                    self.unread(tok, "a date not linked to anything")
                continue
            cue = min(free, key=lambda c: abs(c - i))
            taken.add(cue)
            # A client gone silent is said of the contract in question, not of one named;
            # with none in question, of the contracts just named ("the clients went quiet").
            if toks[cue].kind == Kind.UNRESPONSIVE:
                drafts = [main] if main else _span_targets(cue, given_to, main)
            else:
                drafts = given_to.get(cue, [])
            self._place(toks[cue], drafts, when)

    def when(self, tok: Token, dormancy: bool) -> tuple[date | None, int | None]:
        """The date a token means, or the months it spans when it is a length of time."""
        parts = tok.parts
        if tok.kind == Kind.ISO_DATE:
            year, month, day = (int(parts[k] or 0) for k in ("y", "m", "d"))
            return dates.iso_date(year, month, day), None
        if tok.kind == Kind.MONTH_DATE:
            if not (parts.get("pre") or parts.get("d") or parts.get("y")):
                return None, None  # a bare "may" is a verb more often than a month
            month = dates.MONTHS[parts["mon"] or ""]
            return dates.month_date(
                month, _opt_int(parts, "d"), _opt_int(parts, "y"), self.as_of
            ), None
        if tok.kind == Kind.RELATIVE:
            amount, unit = dates.RELATIVE_WORDS[parts["w"] or ""]
            return dates.shift(self.as_of, amount, unit), None
        if tok.kind == Kind.YEAR:
            return dates.iso_date(int(parts["y"] or 0), 1, 1), None
        if tok.kind == Kind.SEASON:
            return dates.month_date(
                dates.SEASONS[parts["season"] or ""], None, None, self.as_of
            ), None
        if tok.kind == Kind.WEEKDAY:
            return dates.last_weekday(dates.WEEKDAYS[parts["wd"] or ""], self.as_of), None
        amount, unit = int(parts.get("lo") or parts["n"] or 0), _unit(tok)
        pre, post = parts.get("pre"), parts.get("post")
        # "hasn't paid in 2 months" is a past span; "in 3 months" alone is the future.
        if post == "so far":
            return None, dates.span_in_months(amount, unit)  # "11 months so far": its length
        if post in _FUTURE_POST or (pre in _FUTURE_PRE and self.future and not dormancy):
            return dates.shift(self.as_of, amount, unit, forward=True), None
        if pre in _FUTURE_PRE and not dormancy:
            # "never used my perk in 4 years", "after 3 months of work": a length, in a
            # sentence that does not speak of the future.
            return None, dates.span_in_months(amount, unit)
        if post is not None or pre == "since" or dormancy:
            return dates.shift(self.as_of, amount, unit), None
        if "last" in tok.text or "past" in tok.text:
            return None, None  # "over the last 3 years": background, not a contract's length
        adjective = parts.get("adj") is not None  # "a 3-month contract"
        if pre in _SPAN_PRE or (pre is None and (tok.start in self.after_span_verb or adjective)):
            return None, dates.span_in_months(amount, unit)
        return None, None  # "3 months old" and the like: not a contract's length

    def _place(self, cue: Token, drafts: list[Draft], when: date) -> None:
        if cue.kind == Kind.PERK_USED:
            self.perk_last_used = when
            return
        for draft in drafts:
            if cue.kind == Kind.DORMANT or (cue.kind == Kind.UNRESPONSIVE and draft.end is None):
                # Silent since then: no hours billed, no milestone paid after it.
                draft.last_payment = draft.last_payment or when
            elif cue.kind == Kind.ST_ENDED:
                draft.end = when
            elif cue.kind in _ENDING_CUES:
                draft.end = draft.end or when
            elif cue.kind == Kind.STARTED:
                draft.start = when
            elif cue.kind in FEEDBACK_DATE_CUES and draft.end is None:
                draft.end = when


def _right_after(toks: list[Token], kind: Kind) -> set[int]:
    """Starts of the tokens right after one of `kind` (a space at most between)."""
    return {
        after.start
        for tok, after in pairwise(toks)
        if tok.kind == kind and after.start - tok.end <= 1
    }


def _span_targets(index: int, given_to: dict[int, list[Draft]], main: Draft | None) -> list[Draft]:
    # A length of time belongs to the contract of the nearest fact before it.
    for j in range(index - 1, -1, -1):
        if given_to.get(j):
            return given_to[j]
    return [main] if main is not None else []


def _unit(span: Token) -> str:
    return dates.UNITS[span.parts["u"] or ""]


def _opt_int(parts: dict[str, str | None], name: str) -> int | None:
    value = parts.get(name)
    return int(value) if value else None
