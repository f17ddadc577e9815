"""Settings from the environment and `.env`: good values read, bad ones named."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.adapters.registry import configured_adapters
from bot.logging_setup import REDACTED, PrivacyFilter
from bot.settings import SettingsError, load_settings
from commands.compute import Priority


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
        ("ENGINE_PRIORITY", "lowest", "ENGINE_PRIORITY"),
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
    monkeypatch.setenv("ENGINE_PRIORITY", "Idle")
    settings = load_settings(env_file=None)
    assert settings.engine_priority is Priority.IDLE
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


MANY_WORKSPACES = {
    "SLACK_CLIENT_ID": "1111111111.2222222222",
    "SLACK_CLIENT_SECRET": "client-secret-value-789",
    "SLACK_SIGNING_SECRET": "signing-secret-456",
    "SLACK_PUBLIC_URL": "https://jss.example.org",
}


def test_many_workspace_settings_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in MANY_WORKSPACES.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(env_file=None)
    assert settings.slack_oauth and settings.slack_bot_token is None
    assert settings.slack_public_url == "https://jss.example.org"
    assert "client-secret-value-789" in settings.secrets()
    assert "client-secret-value-789" not in repr(settings)
    assert configured_adapters(settings) == ["slack"]


def test_single_token_mode_stays_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-one-workspace")
    settings = load_settings(env_file=None)
    assert not settings.slack_oauth
    assert configured_adapters(settings) == ["slack"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_BOT_TOKEN and SLACK_CLIENT_ID: set one, not both"),
        ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET: needed with SLACK_CLIENT_ID"),
        ({"SLACK_CLIENT_ID": ""}, "SLACK_CLIENT_ID: needed with SLACK_CLIENT_SECRET"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN: many workspaces (SLACK_CLIENT_ID) run"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET: needed with SLACK_CLIENT_ID"),
        ({"SLACK_PUBLIC_URL": ""}, "SLACK_PUBLIC_URL: needed with SLACK_CLIENT_ID"),
        ({"SLACK_PUBLIC_URL": "jss.example.org"}, "SLACK_PUBLIC_URL: must be an http"),
        ({"SLACK_MODERATOR_USERGROUP_ID": "S0614TZR7"}, "SLACK_MODERATOR_USERGROUP_ID: a user"),
    ],
)
def test_a_wrong_mix_of_slack_modes_is_named(
    monkeypatch: pytest.MonkeyPatch, changes: dict[str, str], message: str
) -> None:
    for name, value in {**MANY_WORKSPACES, **changes}.items():
        monkeypatch.setenv(name, value)  # an empty value means unset
    with pytest.raises(SettingsError) as error:
        load_settings(env_file=None)
    assert str(error.value).startswith(message), str(error.value)
    assert "client-secret-value-789" not in str(error.value)


def test_log_lines_never_carry_a_slack_token() -> None:
    record = logging.LogRecord(
        "slack_bolt",
        logging.INFO,
        __file__,
        1,
        "stored %s and %s",
        ("xoxb-1-abc", "xapp-1-A"),
        None,
    )
    assert PrivacyFilter([]).filter(record)
    assert record.getMessage() == f"stored {REDACTED} and {REDACTED}"
