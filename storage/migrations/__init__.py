"""Numbered schema migrations, one folder of `NNNN_name.sql` files per database kind.

Each store applies the files above the version recorded in its `schema_version`
table, one transaction per file, and refuses to start on a database whose
recorded version is above the highest file this code knows (it was upgraded by
a newer bot, and an older one might write rows the newer schema does not expect).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources

from storage.interface import SchemaBehindError, SchemaTooNewError

_NAME_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

SCHEMA_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(dialect: str) -> list[Migration]:
    """The migrations of `dialect` ('sqlite' or 'postgres'), in version order."""
    folder = resources.files(__package__).joinpath(dialect)
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME_RE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        # A gap or a duplicate number is a packaging mistake; applying around it
        # would leave databases that disagree about what version N means.
        raise RuntimeError(f"{dialect} migrations are not numbered 1..n: {versions}")
    return found


def pending(migrations: list[Migration], recorded: int) -> list[Migration]:
    """The migrations still to apply, or SchemaTooNewError when the database is ahead."""
    known = migrations[-1].version if migrations else 0
    if recorded > known:
        raise SchemaTooNewError(
            f"this database was created by a newer jss-helper (schema {recorded}, "
            f"this version knows {known}); upgrade the bot"
        )
    return [migration for migration in migrations if migration.version > recorded]


def require_current(migrations: list[Migration], recorded: int) -> None:
    """Refuse a database that is behind (or ahead of) this code, without changing it."""
    behind = pending(migrations, recorded)
    if behind:
        versions = ", ".join(f"{migration.version:04d}" for migration in behind)
        raise SchemaBehindError(
            f"the case log needs schema migrations {versions}; run `jss-helper db migrate` "
            "(DATABASE_MIGRATE_AT_START is off)"
        )


def split_statements(sql: str) -> list[str]:
    """A migration file as single statements (triggers hold semicolons of their own)."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    leftover = [
        line for line in buffer.splitlines() if line.strip() and not line.strip().startswith("--")
    ]
    if leftover:
        raise ValueError("a migration ends with an unfinished statement")
    return statements
