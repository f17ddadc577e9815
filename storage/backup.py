"""A consistent copy of a running SQLite case log, through SQLite's online backup API.

The backup API copies the database page by page under SQLite's own locking, so
the bot may keep answering (and writing) while it runs and the copy is still one
consistent snapshot, WAL contents included; copying the file with `cp` is not.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from storage.interface import StoreError

# Pages copied per step; between steps writers may go on.
PAGES_PER_STEP = 1024
BUSY_TIMEOUT_SECONDS = 5.0


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy the database at `source` to a new owner-only file `target` (must not exist)."""
    if not source.exists():
        raise StoreError(f"there is no case log at {source} to back up")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            src.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            dst = sqlite3.connect(target)
            try:
                src.backup(dst, pages=PAGES_PER_STEP)
                # A backup is one file: no WAL beside it that a restore could leave behind.
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise StoreError(f"could not back up the case log: {type(error).__name__}") from error


def copy_private(source: Path, target: Path) -> None:
    """Copy a small secret file to a new owner-only file."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as data:
        shutil.copyfileobj(data, out)
