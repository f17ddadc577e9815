"""HTTP mode's gate and operations: signatures, stale requests, health, settings, secrets."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import aiohttp
import pytest

from bot.adapters.base import Grace
from bot.adapters.registry import AdapterEnv, AdapterUnavailable, build_adapter
from bot.adapters.slack import SlackAdapter
from bot.settings import Settings
from commands.dispatcher import Dispatcher
from commands.services import Services
from tests.fake_slack import BOT_TOKEN, SIGNING_SECRET
from tests.slack_wire import running_bot


async def test_a_bad_signature_is_refused_and_nothing_runs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_bot(tmp_path / "cases.db") as wire:
        body, _ = wire.slack.command_body("check my private words U0SECRETUSER")
        status, _ = await wire.slack.send(
            body, "application/x-www-form-urlencoded", secret="not-the-signing-secret"
        )
        assert status == 401
        refused = [r.getMessage() for r in caplog.records if "signature" in r.getMessage()]
        assert refused, "the refusal is logged"
        assert not any("my private words" in line or "U0SECRETUSER" in line for line in refused)
        status, _ = await wire.slack.send(
            body, "application/x-www-form-urlencoded", secret=SIGNING_SECRET
        )
        assert status == 200  # the same body, rightly signed: the control for the refusal
        await wire.fake.wait_for("response_url")
        assert len(wire.fake.of("response_url")) == 1


async def test_a_stale_timestamp_is_refused(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        body, _ = wire.slack.command_body("help")
        stale = int(time.time()) - 10 * 60
        status, _ = await wire.slack.send(
            body, "application/x-www-form-urlencoded", timestamp=stale
        )
        assert status == 401
        event = wire.slack.mention_body("help")
        status, _ = await wire.slack.send(json.dumps(event), "application/json", timestamp=stale)
        assert status == 401
        assert wire.adapter.bot is not None
        await wire.adapter.bot.drain(Grace(answers=10.0, apology=1.0))
        assert wire.fake.of() == []


async def test_health_route_and_url_verification(tmp_path: Path) -> None:
    async with running_bot(tmp_path / "cases.db") as wire:
        health = wire.slack.url.replace("/slack/events", "/healthz")
        async with aiohttp.ClientSession() as session, session.get(health) as response:
            assert response.status == 200
            assert (await response.json())["status"] == "ok"
        challenge = {"type": "url_verification", "challenge": "c-123", "token": "t"}
        status, text = await wire.slack.send(json.dumps(challenge), "application/json")
        assert status == 200 and "c-123" in text


async def test_tokens_and_secrets_never_reach_the_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_bot(tmp_path / "cases.db") as wire:
        await wire.slack.command("help")
        await wire.slack.send("x=1", "application/x-www-form-urlencoded", secret="wrong")
        await wire.fake.wait_for("response_url")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert BOT_TOKEN not in logged
    assert SIGNING_SECRET not in logged


def _env(**values: str) -> AdapterEnv:
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    return AdapterEnv(settings, Dispatcher(Services(), {}))


def test_build_chooses_http_mode_and_reads_the_settings() -> None:
    adapter = build_adapter(
        "slack",
        _env(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url="http://127.0.0.1:9/api/",
            slack_http_port="3111",
        ),
    )
    assert isinstance(adapter, SlackAdapter)
    assert adapter._api_url == "http://127.0.0.1:9/api/"
    assert adapter._port == 3111
    assert adapter._app_token is None


def test_build_chooses_socket_mode_with_an_app_token() -> None:
    adapter = build_adapter("slack", _env(slack_bot_token=BOT_TOKEN, slack_app_token="xapp-1"))
    assert isinstance(adapter, SlackAdapter)
    assert adapter._app_token == "xapp-1"


def test_http_mode_without_a_signing_secret_does_not_start() -> None:
    with pytest.raises(AdapterUnavailable, match="SLACK_SIGNING_SECRET"):
        build_adapter("slack", _env(slack_bot_token=BOT_TOKEN))
