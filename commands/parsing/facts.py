"""Facts about the member and the situation that belong to no single contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from advice.situation import Badge, Intent
from commands.parsing.question_cues import Asked
from commands.parsing.scores import Scores


@dataclass
class Facts:
    """Everything read so far that is not a contract."""

    badge: Badge | None = None
    badge_low: bool = False
    shown_jss: int | None = None
    shown_jss_high: int | None = None
    previous_jss: int | None = None
    jobs: int | None = None
    asked: Asked = field(default_factory=Asked)
    has_score: bool | None = None
    perk_last_used: date | None = None
    perk_mentioned: bool = False
    perk_used_undated: bool = False
    completed_since_perk: int | None = None
    scores: Scores = field(default_factory=Scores)
    events: dict[str, bool] = field(default_factory=dict)
    intents: list[Intent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    unread_dropped: int = 0

    def intend(self, intent: Intent) -> None:
        if intent not in self.intents:
            self.intents.append(intent)
