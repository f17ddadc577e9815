"""What an operator meets first: clear start errors, private files, quiet pipes, no limits
on the console or on forget-me, JSON logs with correlation ids."""

from __future__ import annotations

import io
import json
import logging
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

from advice.clock import FixedClock
from bot.adapters.testing import QueueAdapter
from bot.logging_setup import JsonFormatter, PrivacyFilter
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.models import Invocation, Reply, ReplyKind
from commands.ratelimit import RateLimiter
from commands.services import CommandContext, Services
from storage.anonymize import IdHasher
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter
from tests.test_cli import FORUM_POST, bot_env, jss

SECRET = b"operator-test-secret-0123456789"
FORUM_DAY = date(2026, 3, 2)


def test_a_short_hash_secret_is_one_clear_line_and_no_hang(tmp_path: Path) -> None:
    result = jss(tmp_path, "run", "--adapter", "console", stdin="", CASE_HASH_SECRET="short")
    assert result.returncode == 2
    assert "CASE_HASH_SECRET: too short" in result.stderr
    assert "Traceback" not in result.stderr and "short" not in result.stderr.split("too")[0]


def test_the_case_log_and_the_secret_are_private_to_the_owner(tmp_path: Path) -> None:
    result = jss(tmp_path, "run", stdin=f"/jss check {FORUM_POST}\n")
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    for name in ("cases.db", "case_hash_secret"):
        assert (data / name).stat().st_mode & 0o777 == 0o600, name
    for extra in data.glob("cases.db-*"):  # WAL and shared memory, while they exist
        assert extra.stat().st_mode & 0o077 == 0, extra.name


def test_a_world_readable_case_log_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "cases.db").touch(mode=0o644)
    (data / "cases.db").chmod(0o644)
    assert jss(tmp_path, "run", stdin="/jss help\n").returncode == 0
    assert (data / "cases.db").stat().st_mode & 0o777 == 0o600


def test_a_reader_that_stops_reading_gets_no_traceback(tmp_path: Path) -> None:
    command = (
        f"{sys.executable} -m bot advise {json.dumps(FORUM_POST)} 2>{tmp_path / 'err'} | head -c 20"
    )
    result = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bot_env(tmp_path),
        timeout=60,
    )
    assert len(result.stdout) <= 20
    errors = (tmp_path / "err").read_text()
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors


def test_the_console_user_is_not_rate_limited(tmp_path: Path) -> None:
    lines = "".join("/jss help notation\n" for _ in range(12))
    result = jss(tmp_path, "run", stdin=lines, RATE_LIMIT_BURST="1", RATE_LIMIT_PER_MINUTE="1")
    assert result.returncode == 0, result.stderr
    assert "faster than I can keep up" not in result.stdout
    assert result.stdout.count("notation") >= 12


async def test_forget_me_is_never_rate_limited(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.db")
    await store.start()
    writer = CaseWriter(store)
    await writer.start()
    services = Services(
        store=store, recorder=writer, hasher=IdHasher(SECRET), clock=FixedClock(FORUM_DAY)
    )
    adapter = QueueAdapter(Dispatcher(services, HANDLERS, RateLimiter(1, 1)))
    await adapter.start()
    try:
        assert (await adapter.send("/jss help")).kind is not ReplyKind.REFUSAL
        limited = await adapter.send("/jss help")
        assert limited.kind is ReplyKind.REFUSAL and "faster" in limited.summary
        for _ in range(3):
            forgotten = await adapter.send("/jss forget-me")
            assert forgotten.title == "Forgotten", forgotten
    finally:
        await adapter.stop()
        await writer.stop()
        await store.close()


def test_json_logs_are_one_object_a_line(tmp_path: Path) -> None:
    result = jss(
        tmp_path,
        "run",
        stdin="/jss help\n",
        LOG_FORMAT="json",
        LOG_LEVEL="DEBUG",
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert records and all({"time", "level", "logger", "message"} <= set(r) for r in records)
    assert any(r["message"].startswith("stopped; every case stored") for r in records)


async def test_an_error_reply_and_its_log_lines_share_one_correlation_id() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(PrivacyFilter(["a-secret-value"]))
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)

    async def failing(ctx: CommandContext) -> Reply:
        logging.getLogger("tests.correlation").info(
            "working for 123456789012345678 with a-secret-value"
        )
        raise RuntimeError("broken")

    try:
        dispatcher = Dispatcher(Services(), {"help": failing})
        reply = await dispatcher.dispatch(
            Invocation(platform="test", command="help", options={}, user_id="u", channel_id="c")
        )
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert reply.kind is ReplyKind.ERROR and reply.error_id
    mine = [r for r in records if r.get("correlation_id") == reply.error_id]
    assert len(mine) == 2 and "exception" in mine[1], records
    assert "123456789012345678" not in stream.getvalue()
    assert "a-secret-value" not in stream.getvalue()


def test_a_health_port_in_use_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = jss(tmp_path, "run", stdin="/jss help\n", HEALTH_PORT=str(port))
    assert result.returncode == 2
    assert f"jss-helper: HEALTH_PORT {port} cannot be used" in result.stderr
    assert "Traceback" not in result.stderr
