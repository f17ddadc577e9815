"""Settings from the environment and `.env`: good values read, bad ones named."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.logging_setup import REDACTED, PrivacyFilter
from bot.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(__import__("os").environ):
        if name.startswith(
            (
                "DISCORD_",
                "SLACK_",
                "DATABASE_",
                "CASE_",
                "RATE_",
                "LOG_",
                "HEALTH_",
                "STORE_",
                "SHUTDOWN_",
            )
        ):
            monkeypatch.delenv(name)


def test_defaults_need_no_configuration() -> None:
    settings = load_settings(env_file=None)
    assert settings.database_url == "sqlite:///data/cases.db"
    assert settings.sqlite_path == Path("data/cases.db")
    assert settings.discord_token is None and settings.slack_bot_token is None
    assert settings.case_retention_days == 365


def test_lists_and_urls_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_GUILD_IDS", "123, 456")
    monkeypatch.setenv("SLACK_MODERATOR_USER_IDS", "U024BE7LH,W0123ABC")
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    monkeypatch.setenv("log_level", "debug")
    settings = load_settings(env_file=None)
    assert settings.discord_guild_ids == (123, 456)
    assert settings.slack_moderator_user_ids == ("U024BE7LH", "W0123ABC")
    assert settings.sqlite_path is None
    assert settings.log_level == "DEBUG"


def test_env_file_is_read_and_empty_values_mean_unset(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("DISCORD_TOKEN=\nCASE_RETENTION_DAYS=30\nDISCORD_SHARD_COUNT=\n")
    settings = load_settings(env_file=env)
    assert settings.discord_token is None
    assert settings.discord_shard_count is None
    assert settings.case_retention_days == 30


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("DATABASE_URL", "mysql://root@localhost/db", "DATABASE_URL: must be sqlite:///"),
        ("DISCORD_GUILD_IDS", "123,abc", "DISCORD_GUILD_IDS: must be numeric ids"),
        ("DISCORD_MODERATOR_ROLE_IDS", "12;13", "DISCORD_MODERATOR_ROLE_IDS"),
        ("SLACK_MODERATOR_USER_IDS", "alice", "SLACK_MODERATOR_USER_IDS: must be Slack user ids"),
        ("SLACK_HTTP_PORT", "70000", "SLACK_HTTP_PORT"),
        ("CASE_RETENTION_DAYS", "0", "CASE_RETENTION_DAYS"),
        ("DISCORD_API_BASE", "discord.com", "DISCORD_API_BASE: must be an http"),
        ("DISCORD_GATEWAY_URL", "http://gateway", "DISCORD_GATEWAY_URL: must be a ws"),
        ("LOG_LEVEL", "chatty", "LOG_LEVEL"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT"),
        ("CASE_HASH_SECRET", "short", "CASE_HASH_SECRET: too short"),
        ("SLACK_ALLOWED_TEAM_IDS", "T024BE7LD,acme", "SLACK_ALLOWED_TEAM_IDS: must be Slack"),
        ("DISCORD_ALLOWED_GUILD_IDS", "12,x", "DISCORD_ALLOWED_GUILD_IDS: must be numeric"),
        ("HEALTH_PORT", "99999", "HEALTH_PORT"),
        ("HEALTH_HOST", "local host", "HEALTH_HOST: must be a host"),
        ("SLACK_HTTP_HOST", "0.0.0.0/0", "SLACK_HTTP_HOST: must be a host"),
        ("STORE_TIMEOUT", "0", "STORE_TIMEOUT"),
        ("SHUTDOWN_TIMEOUT", "600", "SHUTDOWN_TIMEOUT"),
    ],
)
def test_a_bad_setting_is_named(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings(env_file=None)
    assert fragment in str(error.value)


def test_new_settings_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    monkeypatch.setenv("HEALTH_PORT", "9102")
    monkeypatch.setenv("SLACK_HTTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SLACK_ALLOWED_TEAM_IDS", "T024BE7LD, T0TEAM002")
    monkeypatch.setenv("DISCORD_ALLOWED_GUILD_IDS", "123,456")
    settings = load_settings(env_file=None)
    assert settings.log_format == "json" and settings.health_port == 9102
    assert settings.health_host == "127.0.0.1" and settings.slack_http_host == "127.0.0.1"
    assert settings.slack_allowed_team_ids == ("T024BE7LD", "T0TEAM002")
    assert settings.discord_allowed_guild_ids == (123, 456)


def test_secrets_are_hidden_in_repr_and_listed_for_redaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "discord-token-value-123")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-secret-456")
    settings = load_settings(env_file=None)
    assert "discord-token-value-123" not in repr(settings)
    assert set(settings.secrets()) == {"discord-token-value-123", "signing-secret-456"}


def test_log_lines_never_carry_a_secret() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "connecting with %s", ("Bot abcdef-secret",), None
    )
    assert PrivacyFilter(["abcdef-secret"]).filter(record)
    assert record.getMessage() == f"connecting with Bot {REDACTED}"
    try:
        raise RuntimeError("bad token abcdef-secret")
    except RuntimeError:
        import sys

        failing = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    PrivacyFilter(["abcdef-secret"]).filter(failing)
    assert "abcdef-secret" not in (failing.exc_text or "")
    assert REDACTED in (failing.exc_text or "")
