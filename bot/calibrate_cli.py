"""`jss-helper calibrate [--chart out.png]`: the calibration report over the whole case log."""

from __future__ import annotations

import sys
from pathlib import Path

from advice.clock import SYSTEM_CLOCK, Clock
from commands.calibration import Outcome, calibrate, calibration_chart
from commands.charts.draw import chart_png
from commands.handlers.calibration import NO_OUTCOMES, reported_outcomes
from storage.factory import open_store
from storage.interface import CaseStore


async def every_outcome(database_url: str, clock: Clock = SYSTEM_CLOCK) -> list[Outcome]:
    """Every usable reported outcome of every community."""
    store: CaseStore = open_store(database_url, clock)
    await store.start()
    try:
        return await reported_outcomes(store, community_hash=None)
    finally:
        await store.close()


def print_report(outcomes: list[Outcome], chart: Path | None) -> None:
    """Print the report; draw its chart into `chart` (OSError if it cannot be written)."""
    report = calibrate(outcomes)
    print(NO_OUTCOMES if report is None else "\n".join(report.lines()))
    if chart is None:
        return
    if report is None:
        print("jss-helper: no outcome to draw, so there is no chart", file=sys.stderr)
        return
    chart.write_bytes(chart_png(calibration_chart(outcomes)))
    print(f"chart: {chart}", file=sys.stderr)
