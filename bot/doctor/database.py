"""Doctor checks of the case log: reachable, and at the schema this version expects."""

from __future__ import annotations

from bot.doctor.report import Check, Outcome
from bot.settings import Settings
from storage.interface import StoreError
from storage.schema_status import read_schema_status

NAME = "database"


async def check_database(settings: Settings) -> Check:
    """Whether the bot could start on DATABASE_URL now (the URL itself is never shown)."""
    try:
        status = await read_schema_status(settings.database_url)
    except StoreError as error:
        return Check(NAME, Outcome.UNAVAILABLE, f"cannot be reached: {error}")
    if status.too_new:
        return Check(
            NAME,
            Outcome.WRONG_SETTING,
            f"schema {status.recorded} is newer than this version knows ({status.known}); "
            "upgrade jss-helper",
        )
    if not status.exists:
        return Check(NAME, Outcome.OK, f"{status.dialect}: no file yet, created at first start")
    pending = status.pending
    if not pending:
        return Check(NAME, Outcome.OK, f"{status.dialect}: schema {status.recorded}, up to date")
    if settings.database_migrate_at_start:
        return Check(
            NAME,
            Outcome.OK,
            f"{status.dialect}: schema {status.recorded}, {len(pending)} migration(s) "
            "applied at next start",
        )
    return Check(
        NAME,
        Outcome.WRONG_SETTING,
        f"{status.dialect}: schema {status.recorded}, {len(pending)} migration(s) pending and "
        "DATABASE_MIGRATE_AT_START is off; run `jss-helper db migrate`",
    )
