"""Logging for the whole process: one format, a level from LOG_LEVEL, secrets redacted."""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "[redacted]"


class SecretRedactingFilter(logging.Filter):
    """Replaces any configured secret that reaches a log line, whatever logged it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if len(secret) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        exc_text = record.exc_text or ""
        if any(secret in message or secret in exc_text for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, REDACTED)
                exc_text = exc_text.replace(secret, REDACTED)
            record.msg, record.args, record.exc_text = message, None, exc_text or None
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Send logs to stderr at `level`, with every secret value redacted."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretRedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
