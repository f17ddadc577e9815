"""Test-wide settings, and the privacy scan that runs after the whole suite.

Every log line any test makes the bot write (at DEBUG, libraries held at INFO
as `jss-helper run` holds them) and every SQLite file the tests leave behind is
scanned once the suite is over: no token, secret, raw platform id or member
text may appear. A leak fails the run, naming what leaked and where.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from hypothesis import settings

from bot.logging_setup import PrivacyFilter, quiet_libraries
from tests import privacy_scan

# CI runs the same examples every time (a red build always reproduces) and without
# per-example deadlines (a loaded machine is not a failing test). Locally, the
# default profile keeps exploring new examples on every run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


class _Collector(logging.Handler):
    """Keeps every line as the bot's log would show it, and our own lines as written."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.shown: list[tuple[str, str]] = []
        self.written: list[tuple[str, str]] = []
        self._filter = PrivacyFilter(privacy_scan.SECRETS)

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.shown.append((record.name, self._filter.clean(text)))
        if record.name.split(".")[0] in privacy_scan.OUR_LOGGERS:
            self.written.append((record.name, text))


_COLLECTOR = _Collector()


def pytest_configure(config: pytest.Config) -> None:
    root = logging.getLogger()
    root.addHandler(_COLLECTOR)
    root.setLevel(logging.DEBUG)
    quiet_libraries("DEBUG")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    logging.getLogger().removeHandler(_COLLECTOR)
    if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return
    base = Path(session.config._tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]
    leaks = privacy_scan.leaks(_COLLECTOR.shown, _COLLECTOR.written, privacy_scan.case_logs(base))
    if leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("PRIVACY SCAN FAILED:", red=True, bold=True)
            for leak in leaks[:40]:
                reporter.write_line(f"  {leak}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
