"""What a scenario chart shows, as data: one row per action open to the member.

Built from the engine's answer alongside the chat reply, so that every adapter
draws the same chart and its alt text says the same in words. Drawing it is
`commands/charts/draw.py`; this module imports no plotting library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from advice.answer import Answer, Scenario
from advice.tables import TARGET_JSS


@dataclass(frozen=True)
class ChartRow:
    """One action: where the score would land at best, likely and at worst (percent)."""

    action: str
    title: str
    best: float
    likely: float
    worst: float
    lands_on: date | None = None
    """The biweekly update the action shows in; None in the daily era."""

    def in_words(self) -> str:
        """The row as one sentence of the alt text."""
        spread = (
            f"likely {self.likely:.0f}%"
            if self.best == self.worst
            else f"likely {self.likely:.0f}%, between {self.worst:.0f}% and {self.best:.0f}%"
        )
        when = f", in the update of Sunday {self.lands_on}" if self.lands_on else ""
        return f"{self.title}: {spread}{when}."


@dataclass(frozen=True)
class ScenarioChart:
    """Everything the chart draws; pure data, so it crosses to a worker process."""

    title: ClassVar[str] = "Where each action leads"
    filename: ClassVar[str] = "jss-scenarios.png"

    rows: tuple[ChartRow, ...]
    current: float | None
    """The member's score now (stated or computed); None when none shows yet."""
    ruleset: str
    top_rated: float = TARGET_JSS

    @property
    def biweekly(self) -> bool:
        """Whether the era updates every two weeks: then each row says its update."""
        return any(row.lands_on is not None for row in self.rows)

    def alt_text(self) -> str:
        """The chart said in words, for screen readers and for the console."""
        now = "no score shows yet" if self.current is None else f"{self.current:.0f}%"
        head = (
            f"Where each action leads your Job Success Score (rules of {self.ruleset}). "
            f"Your score now: {now}. Top Rated line: {self.top_rated:.0f}%."
        )
        return " ".join([head, *(row.in_words() for row in self.rows)])


def _row(scenario: Scenario) -> ChartRow | None:
    if not scenario.available:
        return None
    if scenario.best is None or scenario.likely is None or scenario.worst is None:
        return None  # no score would show: nothing to place on the axis
    return ChartRow(
        scenario.action,
        scenario.title,
        scenario.best,
        scenario.likely,
        scenario.worst,
        scenario.lands_on,
    )


def scenario_chart(answer: Answer) -> ScenarioChart | None:
    """The chart of an answer's actions open to the member; None when there is none."""
    rows = tuple(row for row in map(_row, answer.scenarios) if row is not None)
    if not rows:
        return None
    return ScenarioChart(rows, answer.baseline.shown_jss, answer.ruleset)
