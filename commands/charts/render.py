"""Draw an answer's chart for an adapter: off the event loop, bounded, never fatal.

Every adapter sends the text answer first and then asks for the chart here; a
chart that fails or takes too long is dropped with a log line, and the member
still has the answer.
"""

from __future__ import annotations

import asyncio
import logging

from commands.charts.data import ScenarioChart
from commands.charts.draw import chart_png
from commands.compute import ComputePool
from commands.models import Reply

log = logging.getLogger(__name__)

CHART_TIMEOUT = 30.0
"""Longest an adapter waits for a chart; the first one in a process loads matplotlib."""
CHART_FILENAME = "jss-scenarios.png"


async def render_chart(compute: ComputePool, chart: ScenarioChart) -> bytes | None:
    """The chart's PNG, drawn on the compute pool; None if it failed or timed out."""
    try:
        async with asyncio.timeout(CHART_TIMEOUT):
            return await compute.run(chart_png, chart)
    except Exception as error:  # a chart is a bonus: never let it cost the answer
        log.warning("a scenario chart could not be drawn (%s)", type(error).__name__)
        return None


def chart_filename(reply: Reply) -> str:
    """The file name of a reply's chart: by case id when there is one."""
    return f"jss-{reply.case_id}.png" if reply.case_id else CHART_FILENAME
