"""What the rest of the bot may ask of the case log, and the shapes it answers in.

A case holds no raw text and no platform ids: the anonymizer (storage/anonymize.py)
is the only way a `CaseDraft` is built from an answer, and it hashes every id with
the deployment's secret. Both stores (SQLite, PostgreSQL) implement `CaseStore`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from storage.installations import InstallationStore


class StoreError(RuntimeError):
    """The case log could not do what was asked (connection lost, disk full, ...)."""


class SchemaTooNewError(StoreError):
    """The database was migrated by a newer version of the bot than this one."""


class SchemaBehindError(StoreError):
    """Migrations are pending and the bot was told not to apply them at start."""


@dataclass(frozen=True)
class CaseOrigin:
    """Where an answer was asked, as the adapter knows it. Ids here are raw; never stored."""

    platform: str
    channel_kind: str
    user_id: str
    channel_id: str
    community_id: str | None
    event_id: str
    created_at: datetime


@dataclass(frozen=True)
class CaseNote:
    week: date
    moderator_hash: str
    text: str


@dataclass(frozen=True)
class CaseDraft:
    """An anonymized case ready to write. `event_key` makes the write idempotent."""

    case_id: str
    event_key: str
    created_week: date
    platform: str
    channel_kind: str
    user_hash: str
    channel_hash: str
    community_hash: str | None
    ruleset: str
    situation: dict[str, Any]
    estimate: dict[str, Any]
    advice_ids: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class CaseUpdate:
    """What a case says after its member continued the conversation: a new answer to the
    same situation, with more facts. The case keeps its id, week, origin and notes."""

    case_id: str
    user_hash: str
    ruleset: str
    situation: dict[str, Any]
    estimate: dict[str, Any]
    advice_ids: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class Case:
    """A stored case as moderators see it."""

    draft: CaseDraft
    notes: tuple[CaseNote, ...] = ()
    outcome: str | None = None
    outcome_week: date | None = None

    @property
    def case_id(self) -> str:
        return self.draft.case_id


@dataclass(frozen=True)
class CaseQuery:
    """A moderator search: every given criterion must hold; newest first.

    `community_hash` limits the search to one community's cases (what a moderator
    sees); None searches every community (the operator's command line only).
    `cursor` (a page's `next_cursor`) continues after that page: each page then costs
    the same however deep it is, and cases logged meanwhile do not shift it.
    """

    community_hash: str | None = None
    words: str = ""
    tags: tuple[str, ...] = ()
    advice_ids: tuple[str, ...] = ()
    ruleset: str | None = None
    since: date | None = None
    until: date | None = None
    page: int = 1
    per_page: int = 10
    cursor: str | None = None


@dataclass(frozen=True)
class CasePage:
    """One page of a search. Counting stops at a bound (10,000) so a broad search
    stays fast; `total_exact` is False when there are at least `total` matches.
    `next_cursor` continues after this page (None after the last one)."""

    cases: tuple[Case, ...]
    page: int
    per_page: int
    total: int
    total_exact: bool = True
    next_cursor: str | None = None


@dataclass(frozen=True)
class CaseStats:
    """Counts over a period, for `/jss case stats`."""

    since: date | None
    until: date | None
    total: int
    by_tag: tuple[tuple[str, int], ...] = ()
    by_advice: tuple[tuple[str, int], ...] = ()
    by_week: tuple[tuple[date, int], ...] = ()
    outcomes: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class CaseStore(Protocol):
    """The case log. Every write is one transaction."""

    shared: bool
    """Whether several bot processes may share this case log (PostgreSQL does; an SQLite
    file serves one process): what must hold across processes is claimed in it."""

    async def start(self) -> None:
        """Connect and apply pending migrations (refuse a newer schema)."""

    async def close(self) -> None:
        """Release connections; safe to call twice."""

    async def record(self, draft: CaseDraft) -> str:
        """Write a case; a second write with the same event_key returns the first case id."""

    async def record_many(self, drafts: list[CaseDraft]) -> list[str]:
        """Write several cases in one transaction (same idempotency as `record`)."""

    async def get(self, case_id: str, *, community_hash: str | None = None) -> Case | None:
        """The case with that id, or None; with `community_hash`, only if it is that
        community's case (a moderator never learns another community's case exists)."""

    async def search(self, query: CaseQuery) -> CasePage:
        """Cases matching the query, newest first, one page."""

    async def stats(
        self, since: date | None, until: date | None, *, community_hash: str | None = None
    ) -> CaseStats:
        """Counts by tag, advice id and week over the period (one community's, if given)."""

    async def add_note(
        self, case_id: str, note: CaseNote, *, community_hash: str | None = None
    ) -> bool:
        """Attach a moderator note; False when no such case (in that community, if given)."""

    async def set_outcome(self, case_id: str, user_hash: str, outcome: str, week: date) -> bool:
        """Record what happened, only by the member who asked; False otherwise."""

    async def forget(self, user_hash: str) -> int:
        """Delete every case of that member; returns how many."""

    async def purge(self, older_than: date) -> int:
        """Delete cases created before that week; returns how many."""

    def export(self) -> AsyncIterator[Case]:
        """Every case, oldest first."""

    def outcomes(self, *, community_hash: str | None = None) -> AsyncIterator[Case]:
        """Every case with a reported outcome (one community's, if given), oldest first."""

    async def seen(self, key: str) -> bool:
        """Mark a platform event as handled; True if it was already (answer once)."""

    async def update(self, update: CaseUpdate) -> bool:
        """Rewrite what the member's case says; False when they have no such case (yet)."""

    async def bind(self, key: str, case_id: str, expires: date) -> None:
        """The conversation `key` (a keyed hash) continues `case_id` until `expires`."""

    async def bound(self, key: str, today: date) -> str | None:
        """The case the conversation `key` continues, unless it lapsed before `today`."""

    async def published(self, target: str) -> str | None:
        """The digest of the command definitions last published to `target`, if any."""

    async def mark_published(self, target: str, digest: str) -> None:
        """Remember that the definitions with `digest` are what `target` now shows."""


class TokenBuckets(Protocol):
    """Per-member token buckets kept where several bot processes share them."""

    async def take_token(self, key: str, at: float, per_second: float, burst: float) -> float:
        """Take one token from bucket `key` (a keyed hash) at time `at` (seconds since the
        epoch, by the bot's clock), refilled at `per_second` up to `burst`, in one atomic
        step; 0.0 when taken, else seconds until one is free."""


class CaseDatabase(CaseStore, InstallationStore, Protocol):
    """The one database a deployment runs: the case log, and apart from it the Slack
    installations (storage/installations.py). Both stores are one."""
