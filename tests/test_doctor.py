"""`jss-helper doctor` against the Discord and Slack fakes and real databases.

The command runs as a real process (its exit status is the point) while the
fakes answer on loopback in the test's event loop.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from importlib import metadata
from pathlib import Path

import pytest

from bot.adapters.slack.scopes import BOT_SCOPES
from storage.installations import SlackInstallation
from storage.sqlite import SqliteCaseStore
from tests import fake_discord, fake_slack
from tests.fake_discord import FakeDiscord
from tests.fake_slack import FakeSlackApi
from tests.test_cli import bot_env, jss

SECRET = "doctor-test-secret-0123456789abcdef"
SLACK_TOKEN = "xoxb-doctor-test-token"
CLOSED_POSTGRES = "postgresql://postgres@127.0.0.1:9/test"  # the discard port: nobody listens


@pytest.fixture
async def discord_api() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    fake.bot_token = SLACK_TOKEN
    await fake.start()
    yield fake
    await fake.stop()


async def doctor(tmp_path: Path, **env: str) -> tuple[int, str]:
    """Run `jss-helper doctor`; its exit status and what it printed."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "doctor",
        cwd=tmp_path,
        env=bot_env(tmp_path, **env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    text = out.decode()
    assert "Traceback" not in text
    return process.returncode, text


def platforms(discord: FakeDiscord, slack: FakeSlackApi, **extra: str) -> dict[str, str]:
    env = {
        "CASE_HASH_SECRET": SECRET,
        "DISCORD_TOKEN": fake_discord.TOKEN,
        "DISCORD_API_BASE": discord.api_base,
        "DISCORD_GATEWAY_URL": discord.gateway_url,
        "DISCORD_GUILD_IDS": str(fake_discord.GUILD_ID),
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": "doctor-signing-secret",
        "SLACK_API_URL": slack.api_url,
    }
    env.update(extra)
    return env


def row(text: str, name: str) -> str:
    found = [line for line in text.splitlines() if line.startswith(name + " ")]
    assert found, f"no {name!r} row in:\n{text}"
    return found[0]


async def test_all_good_exits_0_with_a_row_per_check(
    tmp_path: Path, discord_api: FakeDiscord, slack_api: FakeSlackApi
) -> None:
    status, text = await doctor(tmp_path, **platforms(discord_api, slack_api))
    assert status == 0, text
    for name in (
        "settings",
        "hash secret",
        "database",
        "discord token",
        "discord intents",
        "discord servers",
        "slack token",
        "slack scopes",
    ):
        assert " ok " in row(text, name) + " ", text
    assert fake_discord.TOKEN not in text and SLACK_TOKEN not in text and SECRET not in text


async def test_a_refused_discord_token_is_a_wrong_setting(
    tmp_path: Path, discord_api: FakeDiscord, slack_api: FakeSlackApi
) -> None:
    env = platforms(discord_api, slack_api, DISCORD_TOKEN="not-the-bot-token")
    status, text = await doctor(tmp_path, **env)
    assert status == 78, text
    assert "DISCORD_TOKEN is refused" in row(text, "discord token")
    assert "not-the-bot-token" not in text


async def test_a_refused_slack_token_is_a_wrong_setting(
    tmp_path: Path, discord_api: FakeDiscord, slack_api: FakeSlackApi
) -> None:
    env = platforms(discord_api, slack_api, SLACK_BOT_TOKEN="xoxb-revoked")
    status, text = await doctor(tmp_path, **env)
    assert status == 78, text
    assert "invalid_auth" in row(text, "slack token")


async def test_missing_slack_scopes_are_named(
    tmp_path: Path, discord_api: FakeDiscord, slack_api: FakeSlackApi
) -> None:
    slack_api.scopes = ("commands", "chat:write", "app_mentions:read")
    env = platforms(discord_api, slack_api, SLACK_MODERATOR_USERGROUP_ID="S0MODS001")
    status, text = await doctor(tmp_path, **env)
    assert status == 78, text
    assert "usergroups:read" in row(text, "slack scopes")
    slack_api.scopes = ("commands",)
    status, text = await doctor(tmp_path, **platforms(discord_api, slack_api))
    assert status == 78, text
    assert "chat:write" in row(text, "slack scopes")
    assert "app_mentions:read" in row(text, "slack scopes")


async def test_intents_and_servers_the_bot_lacks(
    tmp_path: Path, discord_api: FakeDiscord, slack_api: FakeSlackApi
) -> None:
    discord_api.application_flags = 0
    discord_api.guilds = (fake_discord.OTHER_GUILD_ID,)
    status, text = await doctor(tmp_path, **platforms(discord_api, slack_api))
    assert status == 78, text
    assert "Message Content Intent" in row(text, "discord intents")
    assert str(fake_discord.GUILD_ID) in row(text, "discord servers")


async def test_an_unreachable_database_is_a_service_unavailable(
    tmp_path: Path, discord_api: FakeDiscord, slack_api: FakeSlackApi
) -> None:
    env = platforms(discord_api, slack_api, DATABASE_URL=CLOSED_POSTGRES)
    status, text = await doctor(tmp_path, **env)
    assert status == 69, text
    assert "UNAVAILABLE" in row(text, "database")
    assert "discord token" in text, "the other checks still run"


async def test_an_unreachable_discord_is_a_service_unavailable(
    tmp_path: Path, slack_api: FakeSlackApi
) -> None:
    gone = FakeDiscord()
    await gone.start()
    await gone.stop()
    status, text = await doctor(tmp_path, **platforms(gone, slack_api))
    assert status == 69, text
    assert "UNAVAILABLE" in row(text, "discord token")


async def test_a_wrong_setting_wins_over_an_unavailable_service(
    tmp_path: Path, discord_api: FakeDiscord, slack_api: FakeSlackApi
) -> None:
    env = platforms(
        discord_api, slack_api, DATABASE_URL=CLOSED_POSTGRES, SLACK_BOT_TOKEN="xoxb-revoked"
    )
    status, _ = await doctor(tmp_path, **env)
    assert status == 78


async def test_unreadable_settings_are_a_table_too(tmp_path: Path) -> None:
    status, text = await doctor(tmp_path, DATABASE_URL="mysql://db/cases")
    assert status == 78, text
    assert "DATABASE_URL" in row(text, "settings")


async def test_the_console_alone_needs_no_tokens(tmp_path: Path) -> None:
    status, text = await doctor(tmp_path)
    assert status == 0, text
    assert "skipped" in row(text, "discord") and "skipped" in row(text, "slack")
    assert "no file yet" in row(text, "database")
    assert not (tmp_path / "data" / "cases.db").exists(), "the doctor creates nothing"


def many_workspaces(slack: FakeSlackApi, **extra: str) -> dict[str, str]:
    env = {
        "CASE_HASH_SECRET": SECRET,
        "SLACK_CLIENT_ID": fake_slack.CLIENT_ID,
        "SLACK_CLIENT_SECRET": fake_slack.CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": "doctor-signing-secret",
        "SLACK_PUBLIC_URL": "https://jss.example.org",
        "SLACK_API_URL": slack.api_url,
    }
    env.update(extra)
    return env


async def test_many_workspaces_check_the_client_and_the_installations(
    tmp_path: Path, slack_api: FakeSlackApi
) -> None:
    status, text = await doctor(tmp_path, **many_workspaces(slack_api))
    assert status == 0, text
    assert "accepts SLACK_CLIENT_ID and SLACK_CLIENT_SECRET" in row(text, "slack client")
    assert "next start" in row(text, "slack installs")
    urls = row(text, "slack urls")
    assert "https://jss.example.org/slack/events" in urls
    assert "https://jss.example.org/slack/oauth_redirect" in urls
    assert "https://jss.example.org/slack/install" in urls
    assert " ok " in row(text, "hash secret") + " "
    assert not slack_api.of("auth.test"), "no token to test without an install"
    assert fake_slack.CLIENT_SECRET not in text

    store = SqliteCaseStore(tmp_path / "data" / "cases.db")
    await store.start()
    await store.save_installation(
        SlackInstallation(
            enterprise_id=None,
            team_id=fake_slack.INSTALLED_TEAM_ID,
            is_enterprise_install=False,
            app_id=fake_slack.APP_ID,
            bot_id="B0BOT0001",
            bot_user_id=fake_slack.BOT_USER_ID,
            bot_token=fake_slack.INSTALLED_TOKEN_PREFIX + "doctor",
            bot_scopes=("commands",),
            installed_at=1_750_000_000.0,
        )
    )
    await store.close()
    status, text = await doctor(tmp_path, **many_workspaces(slack_api))
    assert status == 0, text
    assert "1 workspace(s)" in row(text, "slack installs")
    assert fake_slack.INSTALLED_TOKEN_PREFIX not in text


async def test_many_workspaces_name_a_refused_secret_and_an_unreachable_store(
    tmp_path: Path, slack_api: FakeSlackApi
) -> None:
    env = many_workspaces(slack_api, SLACK_CLIENT_SECRET="not-the-client-secret")
    status, text = await doctor(tmp_path, **env)
    assert status == 78, text
    assert "SLACK_CLIENT_SECRET: bad_client_secret" in row(text, "slack client")
    assert "not-the-client-secret" not in text

    status, text = await doctor(
        tmp_path, **many_workspaces(slack_api, DATABASE_URL=CLOSED_POSTGRES)
    )
    assert status == 69, text
    assert "UNAVAILABLE" in row(text, "slack installs")


async def test_a_bot_token_with_client_settings_is_a_wrong_setting(
    tmp_path: Path, slack_api: FakeSlackApi
) -> None:
    env = many_workspaces(slack_api, SLACK_BOT_TOKEN=SLACK_TOKEN)
    status, text = await doctor(tmp_path, **env)
    assert status == 78, text
    assert "SLACK_BOT_TOKEN and SLACK_CLIENT_ID: set one, not both" in row(text, "settings")


def test_the_scopes_checked_are_the_manifests() -> None:
    manifest = (Path(__file__).parent.parent / "slack" / "manifest.yml").read_text()
    bot_block = manifest.split("    bot:\n", 1)[1].split("settings:", 1)[0]
    listed = [line.split("#")[0].strip().removeprefix("- ") for line in bot_block.splitlines()]
    assert [scope for scope in listed if scope] == [s.scope for s in BOT_SCOPES]


def test_version_is_the_package_version(tmp_path: Path) -> None:
    result = jss(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"jss-helper {metadata.version('jss-helper')}"
