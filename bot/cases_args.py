"""The arguments of `jss-helper cases`: apart from the command itself, so that building
the command line loads no case-log driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def add_cases_parser(commands: Any) -> None:
    """The `cases` subcommand and its actions, on the main parser's subparsers."""
    cases = commands.add_parser(
        "cases",
        help="export or purge the case log",
        description="Work on the case log at DATABASE_URL.",
    )
    actions = cases.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write every case, oldest first (no member ids, not even hashed)",
        description="Write every case, oldest first, as CSV or JSON lines.",
    )
    export.add_argument("--format", choices=["csv", "jsonl"], default="jsonl")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    purge = actions.add_parser(
        "purge",
        help="delete cases older than a number of days",
        description="Delete cases created more than DAYS days ago (whole weeks).",
    )
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
