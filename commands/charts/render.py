"""Draw an answer's chart for an adapter: off the event loop, bounded, never fatal.

Every adapter sends the text answer first and then asks for the chart here; a
chart that fails or takes too long is dropped with a log line, and the member
still has the answer.
"""

from __future__ import annotations

import asyncio
import logging

from commands.charts import Chart
from commands.charts.data import ScenarioChart
from commands.charts.draw import chart_png
from commands.compute import ComputePool
from commands.models import Reply

log = logging.getLogger(__name__)

CHART_TIMEOUT = 30.0
"""Longest an adapter waits for a chart; the first one in a process loads matplotlib."""

CHARTS_AT_ONCE = 2
"""Charts drawn at once; under a burst the others are skipped, so that drawing never
takes the compute pool from the answers themselves."""


class ChartDrawer:
    """Draws charts on the compute pool, a few at a time, skipping them under load."""

    def __init__(self, at_once: int = CHARTS_AT_ONCE) -> None:
        self._at_once = at_once
        self._drawing = 0

    async def render(self, compute: ComputePool, chart: Chart) -> bytes | None:
        """The chart's PNG; None if it failed, timed out or the drawer was busy."""
        if self._drawing >= self._at_once:
            log.info("a chart was skipped: busy drawing others")
            return None
        self._drawing += 1
        try:
            async with asyncio.timeout(CHART_TIMEOUT):
                return await compute.run_extra(chart_png, chart)
        except Exception as error:  # a chart is a bonus: never let it cost the answer
            log.warning("a chart could not be drawn (%s)", type(error).__name__)
            return None
        finally:
            self._drawing -= 1


def chart_filename(reply: Reply) -> str:
    """The file name of a reply's chart: by case id when there is one."""
    if reply.case_id:
        return f"jss-{reply.case_id}.png"
    return reply.chart.filename if reply.chart is not None else ScenarioChart.filename
