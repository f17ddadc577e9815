"""The doctor's findings: one row per check, and the exit status they add up to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

# sysexits.h: what a supervisor or a deploy script can tell apart.
EXIT_OK = 0
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: a service (database, Discord, Slack) cannot be reached
EXIT_CONFIG = 78  # EX_CONFIG: a setting is wrong; the operator must change it


class Outcome(Enum):
    """How a check ended, and the exit status it calls for."""

    OK = ("ok", EXIT_OK)
    SKIPPED = ("skipped", EXIT_OK)
    WRONG_SETTING = ("WRONG SETTING", EXIT_CONFIG)
    UNAVAILABLE = ("UNAVAILABLE", EXIT_UNAVAILABLE)

    def __init__(self, label: str, exit_status: int) -> None:
        self.label = label
        self.exit_status = exit_status


@dataclass(frozen=True)
class Check:
    """One line of the doctor's table; `detail` never holds a secret."""

    name: str
    outcome: Outcome
    detail: str


def exit_status(checks: Sequence[Check]) -> int:
    """78 when any setting is wrong (fix it first), else 69 when a service is down, else 0."""
    statuses = {check.outcome.exit_status for check in checks}
    for status in (EXIT_CONFIG, EXIT_UNAVAILABLE):
        if status in statuses:
            return status
    return EXIT_OK


def render_table(checks: Sequence[Check]) -> str:
    """The checks as an aligned plain-text table."""
    name_width = max((len(check.name) for check in checks), default=0)
    label_width = max((len(check.outcome.label) for check in checks), default=0)
    return "\n".join(
        f"{check.name:<{name_width}}  {check.outcome.label:<{label_width}}  {check.detail}"
        for check in checks
    )
