"""Logging for the whole process: one format, a level from LOG_LEVEL, nothing private.

What the bot logs is private by construction: counts, error types and
correlation ids, never a member's words or a platform id. Two filters are the
safety net under that rule: configured secrets and anything shaped like a
platform id (a Discord snowflake, a Slack user or channel id) or a Slack token are
replaced in every line, whoever wrote it. Libraries that log payloads at DEBUG (the chat
libraries, the database drivers) stay at INFO whatever LOG_LEVEL says.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from commands.correlation import current

REDACTED = "[redacted]"
ID_MARK = "[id]"

# Discord snowflakes are 17 to 20 digits; Slack ids are capitals with digits
# (U024BE7LH, C0GENERAL1, T0TEAM001, W0123ABC).
_PLATFORM_ID = re.compile(r"\b\d{15,21}\b|\b[UWCGDTEB](?=[A-Z0-9]*\d)[A-Z0-9]{7,12}\b")
# Slack tokens (bot, user, refresh, app-level). In many-workspace mode each workspace's
# bot token is known only once it installs the app, so no setting can list it.
_SLACK_TOKEN = re.compile(r"\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+")
# Loggers of libraries that put payloads (message text, ids) in DEBUG lines.
CHATTY_LIBRARIES = (
    "discord",
    "slack_bolt",
    "slack_sdk",
    "aiohttp",
    "asyncpg",
    "aiosqlite",
    "websockets",
    "asyncio",
)


def scrub_ids(text: str) -> str:
    """`text` with anything shaped like a platform id replaced by a mark."""
    return _PLATFORM_ID.sub(ID_MARK, text)


class PrivacyFilter(logging.Filter):
    """Replaces configured secrets and platform ids in every line and traceback."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if len(secret) >= 6]

    def clean(self, text: str) -> str:
        """`text` with every secret, Slack token and platform id replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return scrub_ids(_SLACK_TOKEN.sub(REDACTED, text))

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = self.clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_text:
            record.exc_text = self.clean(record.exc_text)
        if not hasattr(record, "correlation_id"):
            record.correlation_id = current() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, correlation id, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        document = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        correlation = getattr(record, "correlation_id", "-")
        if correlation != "-":
            document["correlation_id"] = correlation
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            document["exception"] = record.exc_text
        return json.dumps(document, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s]: %(message)s"


def configure_logging(level: str, secrets: Iterable[str] = (), log_format: str = "text") -> None:
    """Send logs to stderr at `level`, as text or JSON lines, secrets and ids redacted."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    handler.addFilter(PrivacyFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet_libraries(level)


def quiet_libraries(level: str) -> None:
    """Keep the libraries that log payloads at DEBUG to INFO and above."""
    floor = max(logging.getLevelName(level), logging.INFO)
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(floor)
