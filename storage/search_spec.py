"""A case search as both stores plan it: criteria, seq bounds, the page, and the driver.

Both stores keep, per community, one newest-first list of cases per exact term (tag,
advice id, rule set) and a full-text index whose words are scoped to the community. A
search first reads each criterion's list up to `PROBE_LIMIT` entries (index-only, so a
bounded cost whatever the criterion): when one list ends before that, it holds every
candidate, and the other criteria are checked on those few cases only. This makes the
most selective criterion drive, whatever order the moderator typed them in. When every
list is long, the criteria are all broad, and reading one of them newest first finds a
page (and a bounded count) quickly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.interface import CaseQuery, StoreError
from storage.rows import page_window, query_terms, search_words, seq_bounds

# Candidates read per criterion before it counts as broad. It bounds the work of a
# probe and of checking the other criteria on a short list; it matches COUNT_LIMIT so
# that a short list's matches are counted exactly.
PROBE_LIMIT = 1_000

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


def shortest(lists: Sequence[Sequence[int]]) -> int | None:
    """The index of the shortest list if it ended before PROBE_LIMIT (it holds every
    candidate), else None (every criterion is broad). The first of equals wins."""
    if not lists:
        return None
    best = min(range(len(lists)), key=lambda index: len(lists[index]))
    return best if len(lists[best]) <= PROBE_LIMIT else None


def page_of(matches: Sequence[int], spec: SearchSpec) -> list[int]:
    """The seqs of this page from every match (newest first)."""
    below = [seq for seq in matches if seq < spec.page_high]
    return below[spec.offset : spec.offset + spec.per_page]


def next_cursor(page: Sequence[int], spec: SearchSpec) -> str | None:
    """A cursor for the page after a full one; None after the last."""
    return encode_cursor(page[-1]) if len(page) == spec.per_page else None
