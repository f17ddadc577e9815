"""A case search as both stores plan it: criteria, seq bounds, the page, and the count.

Both stores keep, per community, one newest-first list of cases per criterion: per
exact term (tag, advice id, rule set) and per word of the summaries. A search reads the
intersection of its criteria's lists newest first, inside the database (the stores say
how), and stops after COUNT_LIMIT + 1 matches: that one read gives the bounded count
and, unless the page lies deeper, the page itself. A deeper page is a second read that
starts at its cursor (or skips to its offset).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.interface import CaseQuery, StoreError
from storage.rows import capped_total, page_window, query_terms, search_words, seq_bounds

# The seq range when the query gives no dates: wider than any stored seq.
LOWEST_SEQ = -(2**62)
HIGHEST_SEQ = 2**62


@dataclass(frozen=True)
class SearchSpec:
    """What a store needs from a CaseQuery, bounds resolved to seq numbers."""

    community_hash: str | None
    terms: tuple[str, ...]
    words: tuple[str, ...]
    low: int
    high: int
    before: int | None
    page: int
    per_page: int
    offset: int

    @property
    def page_high(self) -> int:
        """The exclusive upper seq bound of this page (the cursor, when given)."""
        return self.high if self.before is None else min(self.high, self.before)


@dataclass(frozen=True)
class Found:
    """The seqs of one page, newest first, and the (bounded) count of every match."""

    seqs: list[int]
    total: int
    exact: bool


def search_spec(query: CaseQuery) -> SearchSpec:
    """The query's criteria (duplicates dropped), seq bounds and page; a cursor replaces
    the page number."""
    page, per_page, offset = page_window(query)
    low, high = seq_bounds(query.since, query.until)
    before = None if query.cursor is None else decode_cursor(query.cursor)
    return SearchSpec(
        community_hash=query.community_hash,
        terms=tuple(dict.fromkeys(query_terms(query))),
        words=tuple(dict.fromkeys(search_words(query.words))),
        low=LOWEST_SEQ if low is None else low,
        high=HIGHEST_SEQ if high is None else high,
        before=before,
        page=page if before is None else 1,
        per_page=per_page,
        offset=offset if before is None else 0,
    )


def encode_cursor(seq: int) -> str:
    """The cursor that continues a search after the case numbered `seq`."""
    return f"{seq:x}"


def decode_cursor(cursor: str) -> int:
    """The seq a cursor continues after; StoreError when it is not one we gave."""
    try:
        seq = int(cursor, 16)
    except ValueError:
        raise StoreError("that page link is not one this search gave") from None
    if not LOWEST_SEQ < seq < HIGHEST_SEQ:
        raise StoreError("that page link is not one this search gave")
    return seq


def term_word(community_no: int, term: str) -> str:
    """The word that stands for an exact term of one community's cases in a full-text
    index: letters and digits only (the term as hex), ending in a digit so that no
    stemmer takes a suffix off it."""
    return f"zz{community_no}t{term.encode().hex()}0"


@dataclass(frozen=True)
class Counted:
    """The bounded count from a search's newest matches, and the page when they hold it."""

    total: int
    exact: bool
    page: list[int] | None


def counted(newest: Sequence[int], spec: SearchSpec, count_limit: int) -> Counted:
    """Count and page from the newest `count_limit + 1` matches (all of them, if fewer)."""
    total, exact = capped_total(len(newest), count_limit)
    below = [seq for seq in newest if seq < spec.page_high]
    end = spec.offset + spec.per_page
    # A read that came out short of the bound holds every match.
    page = below[spec.offset : end] if exact or len(below) >= end else None
    return Counted(total, exact, page)


def next_cursor(page: Sequence[int], spec: SearchSpec) -> str | None:
    """A cursor for the page after a full one; None after the last."""
    return encode_cursor(page[-1]) if len(page) == spec.per_page else None
