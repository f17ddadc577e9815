"""What a calibration chart shows, as data: each case's likely figure against the score
its member reported afterwards.

Built by `commands/calibration.py` next to the report's figures, so that the chart and
its alt text say the same; drawing it is `commands/charts/draw_outcomes.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class OutcomePoint:
    """One case: the likely figure the bot gave and the score reported (percent)."""

    likely: float
    reported: float
    inside: bool
    """Whether the reported score fell inside the answer's best-worst range."""


@dataclass(frozen=True)
class CalibrationChart:
    """Predicted against reported; pure data, so it crosses to a worker process."""

    title: ClassVar[str] = "Estimates against reported scores"
    filename: ClassVar[str] = "jss-calibration.png"

    points: tuple[OutcomePoint, ...]

    def alt_text(self) -> str:
        """The chart said in words, for screen readers and for the console."""
        n = len(self.points)
        inside = sum(1 for point in self.points if point.inside)
        off = sum(abs(p.reported - p.likely) for p in self.points) / n if n else 0.0
        return (
            f"The likely score the bot estimated (across) against the score members "
            f"reported (up), one dot per case, {n} cases; on the diagonal the estimate came "
            f"true. {inside} of {n} fell inside best-worst; the likely figure was off by "
            f"{off:.1f} points on average."
        )
