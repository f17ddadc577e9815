"""One clock for the whole bot: only advice/clock.py reads the wall clock.

Any other module that wants the date takes a `Clock`, so that tests set it and
the suite gives the same result on any day of any year.
"""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from advice.clock import SYSTEM_CLOCK, FixedClock

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("advice", "commands", "storage", "bot", "bench")
THE_CLOCK = ROOT / "advice" / "clock.py"

# Calls that read the wall clock: `<owner>.<name>()`.
WALL_CLOCK_CALLS = {
    "date": {"today"},
    "datetime": {"now", "utcnow", "today"},
    "time": {"time", "time_ns", "localtime", "gmtime", "ctime"},
    "utils": {"utcnow"},  # discord.utils.utcnow
}


def wall_clock_reads(path: Path) -> list[str]:
    """`file:line call` for every call in `path` that reads the wall clock."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        owner_name = (
            owner.id
            if isinstance(owner, ast.Name)
            else owner.attr
            if isinstance(owner, ast.Attribute)
            else ""
        )
        if node.func.attr in WALL_CLOCK_CALLS.get(owner_name, set()):
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            found.append(f"{where}:{node.lineno} {owner_name}.{node.func.attr}()")
    return found


def test_no_module_but_the_clock_reads_the_wall_clock() -> None:
    files = [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    assert files
    reads = [read for path in files if path != THE_CLOCK for read in wall_clock_reads(path)]
    assert not reads, reads


def test_the_check_itself_sees_every_way_of_reading_the_clock(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import time, datetime as dt\n"
        "from datetime import date, datetime\n"
        "import discord\n"
        "a = date.today()\n"
        "b = datetime.now()\n"
        "c = dt.datetime.utcnow()\n"
        "d = time.time()\n"
        "e = discord.utils.utcnow()\n"
        "f = time.monotonic()\n"  # a duration, not a date: allowed
        "g = date.fromisoformat('2026-01-01')\n"
    )
    reads = [read.split(" ", 1)[1] for read in wall_clock_reads(sample)]
    assert reads == [
        "date.today()",
        "datetime.now()",
        "datetime.utcnow()",
        "time.time()",
        "utils.utcnow()",
    ]
    assert THE_CLOCK.exists() and wall_clock_reads(THE_CLOCK)  # the clock does read it


def test_the_system_clock_is_aware_utc() -> None:
    now = SYSTEM_CLOCK.now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)
    assert SYSTEM_CLOCK.today() == now.date() or SYSTEM_CLOCK.today() - now.date() == timedelta(1)


@pytest.mark.parametrize(
    "at", [date(2028, 2, 29), datetime(2026, 12, 31, 23, 59, tzinfo=UTC), datetime(2027, 1, 4, 0)]
)
def test_a_fixed_clock_says_what_it_is_told(at: date | datetime) -> None:
    clock = FixedClock(at)
    day = at.date() if isinstance(at, datetime) else at
    assert clock.today() == day and clock.now().tzinfo is not None
    clock.advance(timedelta(days=1))
    assert clock.today() == day + timedelta(days=1)
    clock.set(date(2030, 1, 1))
    assert clock.today() == date(2030, 1, 1)
