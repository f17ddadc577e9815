"""`jss-helper calibrate`: the calibration report over the whole case log."""

from __future__ import annotations

from advice.clock import SYSTEM_CLOCK, Clock
from commands.calibration import Outcome, calibrate, outcome_of
from storage.factory import open_store
from storage.interface import CaseStore

NO_OUTCOMES = "No case has a reported outcome yet (members report one with /jss outcome)."


async def calibration_report(database_url: str, clock: Clock = SYSTEM_CLOCK) -> str:
    """The report as text, read from every case with an outcome."""
    store: CaseStore = open_store(database_url, clock)
    await store.start()
    try:
        outcomes: list[Outcome] = []
        async for case in store.export():
            outcome = outcome_of(case)
            if outcome is not None:
                outcomes.append(outcome)
    finally:
        await store.close()
    report = calibrate(outcomes)
    return NO_OUTCOMES if report is None else "\n".join(report.lines())
