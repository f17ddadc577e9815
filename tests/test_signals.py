"""SIGTERM and SIGINT end the bot within seconds whatever the network does, quietly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.fake_slack import APP_TOKEN, BOT_TOKEN, CASE_SECRET
from tests.test_cli import FORUM_POST, bot_env
from tests.test_shutdown import free_port

WITHIN = 10.0


async def start(tmp_path: Path, adapter: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--adapter",
        adapter,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tmp_path,
        env=env,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )


async def ended(process: asyncio.subprocess.Process, signum: int) -> tuple[int, str, float]:
    """Send `signum` to the whole process group (as Ctrl-C does); status, stderr, seconds."""
    started = time.monotonic()
    os.killpg(process.pid, signum)
    try:
        _, err = await asyncio.wait_for(process.communicate(), WITHIN + 5)
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode is not None
    return process.returncode, err.decode(), time.monotonic() - started


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_socket_mode_with_slack_unreachable_honours_signals(
    tmp_path: Path, signum: int
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there
    env = bot_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=nowhere,
        CASE_HASH_SECRET=CASE_SECRET.decode(),
        ENGINE_PROCESSES="0",
    )
    process = await start(tmp_path, "slack", env)
    assert process.stderr is not None
    # Started far enough to be trying to reach Slack: the case log is open.
    await asyncio.wait_for(process.stderr.readuntil(b"migration"), 30)
    status, err, took = await ended(process, signum)
    assert took < WITHIN, "stopped within the shutdown budget"
    assert status == 0, err
    assert "stopped while starting" in err, "it was still trying to reach Slack"
    assert "Traceback" not in err


async def test_ctrl_c_in_the_console_stops_quietly(tmp_path: Path) -> None:
    process = await start(tmp_path, "console", bot_env(tmp_path))  # with its worker process
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"/jss check {FORUM_POST}\n".encode())
    await process.stdin.drain()
    await asyncio.wait_for(process.stdout.readuntil(b"Case C-"), 30)
    status, err, took = await ended(process, signal.SIGINT)
    assert status == 0, err
    assert took < WITHIN
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
