"""What command handlers may use besides their options: the case log and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Protocol

from commands.models import Invocation
from storage.interface import CaseDraft, CaseStore


class CaseRecorder(Protocol):
    """Accepts a case for writing without making the reply wait on the disk."""

    async def submit(self, draft: CaseDraft) -> None: ...


class IdHashing(Protocol):
    def hash(self, kind: str, raw: str) -> str: ...


def _today() -> date:
    return datetime.now(UTC).date()


@dataclass
class Services:
    """Shared by every handler. Without a store the bot still answers, logging nothing."""

    store: CaseStore | None = None
    recorder: CaseRecorder | None = None
    hasher: IdHashing | None = None
    today: Callable[[], date] = field(default=_today)


@dataclass(frozen=True)
class CommandContext:
    """One handler call: the invocation, its checked options and the services."""

    invocation: Invocation
    options: dict[str, str]
    services: Services

    def option(self, name: str) -> str:
        """A checked option value, or '' when it was optional and not given."""
        return self.options.get(name, "")
