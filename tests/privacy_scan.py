"""What may never leave the bot: tokens and secrets, raw platform ids, members' words.

conftest.py scans every log line of the suite and every SQLite file the tests
left behind with `leaks` once the suite is over.

One exception, in the files only: in many-workspace mode the case database also
holds the Slack installations (storage/installations.py), which need each installed
workspace's id and bot token as Slack issued them to answer there. Those rows are
kept apart from the case tables and deleted when the workspace leaves, so their
values may be in a database file; they may never be in a log line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from tests import discord_wire, fake_discord, fake_slack, test_operator_small, test_store_faults

SECRETS = (
    fake_discord.TOKEN,
    fake_slack.BOT_TOKEN,
    fake_slack.SIGNING_SECRET,
    fake_slack.APP_TOKEN,
    fake_slack.CLIENT_SECRET,
    fake_slack.CASE_SECRET.decode(),
    discord_wire.CASE_SECRET.decode(),
    test_operator_small.SECRET.decode(),
    test_store_faults.SECRET.decode(),
)
DISCORD_IDS = tuple(
    str(value)
    for value in (
        fake_discord.GUILD_ID,
        fake_discord.OTHER_GUILD_ID,
        fake_discord.MEMBER_ID,
        fake_discord.OTHER_MEMBER_ID,
        fake_discord.TEXT_CHANNEL_ID,
        fake_discord.FORUM_CHANNEL_ID,
        fake_discord.OTHER_CHANNEL_ID,
    )
)
SLACK_IDS = ("U0MEMBER1", "U0MOD0001", fake_slack.TEAM_ID, fake_slack.OTHER_TEAM_ID, "C0GENERAL")
# What the Slack installations table holds: never logged, but in the database files.
INSTALLATION_VALUES = (fake_slack.INSTALLED_TOKEN_PREFIX, fake_slack.INSTALLED_TEAM_ID)
# Words of the situations the tests send, as members typed them.
MEMBER_TEXT = (
    "client threatens a bad review",
    "leave a bad review unless I do",
    "unless I do extra work for free",
    "and $10,000 all went well",
)
# Our own code's loggers: what they write must be private before any filter.
OUR_LOGGERS = frozenset({"bot", "commands", "storage", "jss"})
# A Discord snowflake the fake made up (the fake's ids start at 9 x 10^17).
_SNOWFLAKE = re.compile(r"\b9\d{17}\b")


def _in_text(where: str, text: str, needles: Iterable[str]) -> list[str]:
    return [f"{where}: {needle!r}" for needle in needles if needle in text]


def case_logs(temp_root: Path) -> list[Path]:
    """The SQLite files (and their WAL files) the tests left under `temp_root`."""
    return sorted(path for path in temp_root.rglob("*.db*") if path.is_file())


def leaks(
    shown: list[tuple[str, str]], written: list[tuple[str, str]], files: Iterable[Path]
) -> list[str]:
    """Every leak found: in a log line as shown, in our own lines as written, in a file."""
    found: list[str] = []
    for logger, text in shown:
        found += _in_text(f"log {logger}", text, (*SECRETS, *DISCORD_IDS, *MEMBER_TEXT))
        found += _in_text(f"log {logger}", text, (*SLACK_IDS, *INSTALLATION_VALUES))
    for logger, text in written:
        found += _in_text(
            f"log {logger} (before the filter)",
            text,
            (*DISCORD_IDS, *SLACK_IDS, *INSTALLATION_VALUES),
        )
        found += _in_text(f"log {logger} (before the filter)", text, MEMBER_TEXT)
        found += [
            f"log {logger} (before the filter): a snowflake" for _ in _SNOWFLAKE.findall(text)
        ]
    for path in files:
        try:
            data = path.read_bytes().decode("latin-1")
        except FileNotFoundError:
            continue  # a -wal or -shm file its last connection removed after the listing
        where = f"file {path.parent.name}/{path.name}"
        found += _in_text(where, data, (*SECRETS, *DISCORD_IDS, *SLACK_IDS, *MEMBER_TEXT))
    return sorted(set(found))
