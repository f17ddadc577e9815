"""Charts: the data of an answer's or a report's chart, drawing it, and drawing it safely."""

from commands.charts.data import ScenarioChart
from commands.charts.outcomes import CalibrationChart

Chart = ScenarioChart | CalibrationChart
"""Every chart a reply can carry; each has `title`, `filename` and `alt_text()`."""
