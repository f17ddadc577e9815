"""`jss-helper db status | migrate | backup PATH`: the case log's schema and backups.

`run` applies pending migrations at start unless DATABASE_MIGRATE_AT_START is
off; `db migrate` applies them on its own, for deploys that migrate in one step
before starting several processes.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from advice.clock import SYSTEM_CLOCK, Clock
from bot.settings import Settings
from storage.anonymize import SECRET_FILE
from storage.backup import backup_sqlite, copy_private
from storage.factory import open_store
from storage.schema_status import SchemaStatus, read_schema_status

BACKUP_DATABASE = "cases.db"


class DbCommandError(RuntimeError):
    """The action cannot be done as asked; the message says what to do instead."""


async def run_db(args: argparse.Namespace, settings: Settings, clock: Clock = SYSTEM_CLOCK) -> str:
    """Do the action; returns what to print. StoreError or DbCommandError when it cannot."""
    if args.action == "status":
        return status_lines(await read_schema_status(settings.database_url))
    if args.action == "migrate":
        before = await read_schema_status(settings.database_url)
        store = open_store(settings.database_url, clock)
        await store.start()  # start applies what is pending, one transaction per migration
        await store.close()
        applied = before.pending
        if not applied:
            return f"schema {before.recorded}: up to date, nothing to apply"
        return "applied " + ", ".join(f"{m.version:04d}_{m.name}" for m in applied)
    return await asyncio.to_thread(backup, settings, args.path)


def status_lines(status: SchemaStatus) -> str:
    """One line per known migration, applied or pending, under a heading."""
    if not status.exists:
        heading = f"{status.dialect}: no case log yet (created and migrated at first start)"
    else:
        heading = f"{status.dialect}: schema {status.recorded} of {status.known}"
    lines = [heading]
    for migration in status.migrations:
        state = "applied" if migration.version <= status.recorded else "pending"
        lines.append(f"  {migration.version:04d}  {migration.name:<24}  {state}")
    if status.too_new:
        lines.append("  this database was migrated by a newer jss-helper: upgrade the bot")
    return "\n".join(lines)


def backup(settings: Settings, folder: Path) -> str:
    """Copy the case log and the hash secret file into the new owner-only `folder`."""
    source = settings.sqlite_path
    if source is None:
        raise DbCommandError(
            "jss-helper db backup copies SQLite case logs; for PostgreSQL use "
            "pg_dump --format=custom --file=cases.dump DATABASE (see the README's "
            "Operations section) and keep CASE_HASH_SECRET with it"
        )
    if folder.exists():
        raise DbCommandError(f"{folder} exists already; name a new folder")
    folder.mkdir(mode=0o700, parents=True)
    backup_sqlite(source, folder / BACKUP_DATABASE)
    secret = settings.data_dir / SECRET_FILE
    if settings.case_hash_secret is not None:
        kept = "CASE_HASH_SECRET is set: keep its value with this backup"
    elif secret.exists():
        copy_private(secret, folder / SECRET_FILE)
        kept = f"with {SECRET_FILE}"
    else:
        kept = "no hash secret file yet"
    return f"backed up the case log to {folder / BACKUP_DATABASE} ({kept})"
