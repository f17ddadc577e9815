"""The `db` subcommand's arguments, apart from the code that runs it, so that building
the command line loads no storage driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def add_db_parser(commands: Any) -> None:
    """The `db` subcommand and its actions, on the main parser's subparsers."""
    db = commands.add_parser(
        "db",
        help="schema status, migrations and backups of the case log",
        description="Work on the schema and backups of the case log at DATABASE_URL.",
    )
    actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("status", help="show each numbered migration, applied or pending")
    actions.add_parser("migrate", help="apply the pending migrations")
    backup = actions.add_parser(
        "backup",
        help="copy the SQLite case log and its hash secret into a new folder",
        description=(
            "Copy the SQLite case log (consistently, while the bot runs) and the "
            "case hash secret file into the new folder PATH."
        ),
    )
    backup.add_argument("path", type=Path, metavar="PATH", help="a folder that does not exist yet")
