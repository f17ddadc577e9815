"""Every setting of the bot, read from the environment and `.env`.

A bad value stops the program at start with a message naming the setting
(`SettingsError`), never a traceback. `.env.example` lists each one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

from commands.compute import Priority

DEFAULT_DISCORD_API = "https://discord.com/api/v10"
DEFAULT_DISCORD_GATEWAY = "wss://gateway.discord.gg"
DEFAULT_SLACK_API = "https://slack.com/api/"

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["text", "json"]
IdList = Annotated[tuple[int, ...], NoDecode]
TextList = Annotated[tuple[str, ...], NoDecode]

_SQLITE_URL = re.compile(r"sqlite:///(?P<path>.+)")
_POSTGRES_URL = re.compile(r"postgres(ql)?://[^\s]+")
_SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")
_SLACK_TEAM_ID = re.compile(r"[TE][A-Z0-9]{2,20}")
# The hash key must be long enough that nobody can guess it and hash candidate ids.
MIN_SECRET_LENGTH = 16


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and says what to fix."""


def _split(value: object) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [str(part).strip() for part in value]
    raise ValueError("must be a comma-separated list")


class Settings(BaseSettings):
    """The bot's configuration. Field names are the environment variables, lower-cased."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        case_sensitive=False,
    )

    log_level: LogLevel = "INFO"
    log_format: LogFormat = "text"
    data_dir: Path = Path("data")
    database_url: str = "sqlite:///data/cases.db"
    database_migrate_at_start: bool = True
    case_hash_secret: SecretStr | None = None
    case_retention_days: int = Field(default=365, ge=1, le=36_500)
    rate_limit_per_minute: float = Field(default=10.0, gt=0, le=10_000)
    rate_limit_burst: int = Field(default=5, ge=1, le=1_000)
    engine_processes: int = Field(default=1, ge=0, le=64)
    engine_priority: Priority = Priority.LOW
    store_timeout: float = Field(default=2.0, gt=0, le=60)
    shutdown_timeout: float = Field(default=8.0, ge=1, le=60)
    health_port: int | None = Field(default=None, ge=0, le=65_535)
    health_host: str = "127.0.0.1"

    discord_token: SecretStr | None = None
    discord_api_base: str = DEFAULT_DISCORD_API
    discord_gateway_url: str = DEFAULT_DISCORD_GATEWAY
    discord_guild_ids: IdList = ()
    discord_forum_channel_ids: IdList = ()
    discord_moderator_role_ids: IdList = ()
    discord_allowed_guild_ids: IdList = ()
    discord_shard_count: int | None = Field(default=None, ge=1, le=100_000)
    discord_shard_ids: IdList = ()

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = DEFAULT_SLACK_API
    slack_http_host: str = "0.0.0.0"
    slack_http_port: int = Field(default=3000, ge=1, le=65_535)
    slack_moderator_user_ids: TextList = ()
    slack_moderator_usergroup_id: str | None = None
    slack_allowed_team_ids: TextList = ()
    # Many-workspace mode: communities add the app themselves through Slack's OAuth install.
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_public_url: str | None = None

    @field_validator(
        "discord_guild_ids",
        "discord_forum_channel_ids",
        "discord_moderator_role_ids",
        "discord_allowed_guild_ids",
        "discord_shard_ids",
        mode="before",
    )
    @classmethod
    def _id_list(cls, value: object) -> tuple[int, ...]:
        parts = _split(value)
        bad = [part for part in parts if not part.isdigit()]
        if bad:
            raise ValueError(f"must be numeric ids separated by commas; `{bad[0][:30]}` is not")
        return tuple(int(part) for part in parts)

    @field_validator("slack_moderator_user_ids", mode="before")
    @classmethod
    def _slack_ids(cls, value: object) -> tuple[str, ...]:
        parts = _split(value)
        bad = [part for part in parts if not _SLACK_USER_ID.fullmatch(part)]
        if bad:
            raise ValueError(f"must be Slack user ids like U024BE7LH; `{bad[0][:30]}` is not")
        return tuple(parts)

    @field_validator("slack_allowed_team_ids", mode="before")
    @classmethod
    def _slack_teams(cls, value: object) -> tuple[str, ...]:
        parts = _split(value)
        bad = [part for part in parts if not _SLACK_TEAM_ID.fullmatch(part)]
        if bad:
            raise ValueError(f"must be Slack workspace ids like T024BE7LD; `{bad[0][:30]}` is not")
        return tuple(parts)

    @field_validator("engine_priority")
    @classmethod
    def _priority_here(cls, value: Priority) -> Priority:
        if value is Priority.IDLE and not hasattr(os, "SCHED_IDLE"):
            raise ValueError("idle needs Linux's idle scheduling policy; use low here")
        return value

    @field_validator("case_hash_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().strip()) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"too short: use at least {MIN_SECRET_LENGTH} characters, e.g. the output of "
                'python -c "import secrets; print(secrets.token_hex(32))"'
            )
        return value

    @field_validator("slack_http_host", "health_host")
    @classmethod
    def _host(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9.:-]{1,253}", value):
            raise ValueError("must be a host name or an IP address, like 0.0.0.0 or 127.0.0.1")
        return value

    @field_validator("log_format", "engine_priority", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if _SQLITE_URL.fullmatch(value) or _POSTGRES_URL.fullmatch(value):
            return value
        raise ValueError(
            "must be sqlite:///path/to/cases.db or postgresql://user@host:port/database"
        )

    @field_validator("discord_api_base", "slack_api_url", "slack_public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", value):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("discord_gateway_url")
    @classmethod
    def _ws_url(cls, value: str) -> str:
        if not re.fullmatch(r"wss?://[^\s/]+(/[^\s]*)?", value):
            raise ValueError("must be a ws:// or wss:// URL")
        return value

    @model_validator(mode="after")
    def _one_slack_mode(self) -> Settings:
        problem = _slack_mode_problem(self)
        if problem is not None:
            raise ValueError(problem)
        return self

    @property
    def slack_oauth(self) -> bool:
        """Many-workspace mode: installs through OAuth, a bot token per workspace."""
        return self.slack_client_id is not None or self.slack_client_secret is not None

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file of `DATABASE_URL`, or None for PostgreSQL."""
        match = _SQLITE_URL.fullmatch(self.database_url)
        return Path(match.group("path")) if match else None

    def secrets(self) -> list[str]:
        """Every secret value set, so that logging can redact them."""
        values = (
            self.case_hash_secret,
            self.discord_token,
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.slack_client_secret,
        )
        return [value.get_secret_value() for value in values if value is not None]


def _slack_mode_problem(settings: Settings) -> str | None:
    """What keeps the Slack settings from naming one mode, naming the setting; None if fine.

    One bot token serves the workspace it was issued in; a client id and secret let
    any number of workspaces install the app, each with a token of its own. Many
    workspaces run in HTTP mode only: the install sends each member's browser back
    to the bot's public address anyway, and Socket Mode would need an app-level
    token on top of it (Slack also refuses Socket Mode to apps listed publicly).
    """
    if not settings.slack_oauth:
        return None
    if settings.slack_client_id is None:
        return (
            "SLACK_CLIENT_ID: needed with SLACK_CLIENT_SECRET (Basic Information → App Credentials)"
        )
    if settings.slack_client_secret is None:
        return (
            "SLACK_CLIENT_SECRET: needed with SLACK_CLIENT_ID (Basic Information → App Credentials)"
        )
    if settings.slack_bot_token is not None:
        return (
            "SLACK_BOT_TOKEN and SLACK_CLIENT_ID: set one, not both: SLACK_BOT_TOKEN serves "
            "the one workspace it was issued in, SLACK_CLIENT_ID with SLACK_CLIENT_SECRET "
            "lets many workspaces install the app"
        )
    if settings.slack_app_token is not None:
        return (
            "SLACK_APP_TOKEN: many workspaces (SLACK_CLIENT_ID) run in HTTP mode only, since "
            "Slack sends installing members back to SLACK_PUBLIC_URL; unset SLACK_APP_TOKEN"
        )
    if settings.slack_signing_secret is None:
        return (
            "SLACK_SIGNING_SECRET: needed with SLACK_CLIENT_ID (many workspaces run in HTTP mode)"
        )
    if settings.slack_public_url is None:
        return (
            "SLACK_PUBLIC_URL: needed with SLACK_CLIENT_ID: the https:// address where Slack "
            "and installing members reach the bot, e.g. https://jss.example.org"
        )
    if settings.slack_moderator_usergroup_id is not None:
        return (
            "SLACK_MODERATOR_USERGROUP_ID: a user group belongs to one workspace; with "
            "SLACK_CLIENT_ID list moderators in SLACK_MODERATOR_USER_IDS"
        )
    return None


def load_settings(env_file: str | Path | None = ".env") -> Settings:
    """Read the settings, turning any bad value into a `SettingsError` naming the setting."""
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as error:
        lines = []
        for item in error.errors():
            message = str(item["msg"]).removeprefix("Value error, ")
            # A rule across settings names them itself.
            lines.append(f"{str(item['loc'][0]).upper()}: {message}" if item["loc"] else message)
        raise SettingsError("\n".join(lines)) from None
    except SourceError as error:
        raise SettingsError(f"a setting could not be read: {error}") from None
