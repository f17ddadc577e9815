"""SIGTERM in the middle of a burst, on real `jss-helper run` processes against the fakes.

Every member gets an answer or a short apology, the process exits within the
shutdown budget, with 0 when every case was stored and 3 (the log saying how
many) when some could not be.
"""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from commands.render import ANSWER_TITLE
from tests.discord_wire import case_id_of, custom_ids
from tests.fake_discord import GUILD_ID, TOKEN, FakeDiscord
from tests.fake_slack import (
    BOT_TOKEN,
    CASE_SECRET,
    SIGNING_SECRET,
    FakeSlackApi,
    SlackSender,
)
from tests.test_cli import FORUM_POST, bot_env
from tests.test_discord_commands import SITUATION

BURST = 20
APOLOGY = "shutting down and could not answer"
EXIT_WITHIN = 15.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def platform_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = bot_env(tmp_path, **extra)
    env.update(
        {
            "CASE_HASH_SECRET": CASE_SECRET.decode(),
            "ENGINE_PROCESSES": "0",
            "RATE_LIMIT_PER_MINUTE": "6000",
            "RATE_LIMIT_BURST": "1000",
            "SHUTDOWN_TIMEOUT": "8",
        }
    )
    return env


@asynccontextmanager
async def bot_process(
    tmp_path: Path, adapter: str, env: dict[str, str]
) -> AsyncIterator[asyncio.subprocess.Process]:
    process = await asyncio.create_subprocess_exec(
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
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def terminated(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    """SIGTERM, then the exit status and what it printed; fails if it takes too long."""
    process.send_signal(signal.SIGTERM)
    out, err = await asyncio.wait_for(process.communicate(), EXIT_WITHIN)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def stored_cases(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT case_id FROM cases")}


async def test_console_sigterm_in_a_burst_answers_or_apologises_to_every_line(
    tmp_path: Path,
) -> None:
    async with bot_process(tmp_path, "console", platform_env(tmp_path)) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(f"/jss check {FORUM_POST}\n".encode() * BURST)
        await process.stdin.drain()
        await asyncio.wait_for(process.stdout.readuntil(b"Case C-"), 30)
        status, out, err = await terminated(process)
    out = "Case C-" + out
    answered = set(re.findall(r"Case (C-[0-9A-Z]+)", out))
    assert len(answered) + out.count(APOLOGY) == BURST, out[-2000:]
    assert status == 0, err
    assert answered == stored_cases(tmp_path / "data" / "cases.db"), "no case lost"
    assert "Traceback" not in err


async def test_console_cases_lost_at_shutdown_exit_non_zero_and_are_counted(
    tmp_path: Path,
) -> None:
    env = platform_env(tmp_path, STORE_TIMEOUT="0.3", SHUTDOWN_TIMEOUT="3")
    database = tmp_path / "data" / "cases.db"
    async with bot_process(tmp_path, "console", env) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"/jss help\n")
        await process.stdin.drain()
        await asyncio.wait_for(process.stdout.readuntil(b"/jss check"), 30)
        locker = sqlite3.connect(database, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another program holds the case log
        try:
            process.stdin.write(f"/jss check {FORUM_POST}\n".encode() * 3)
            await process.stdin.drain()
            for _ in range(3):
                await asyncio.wait_for(process.stdout.readuntil(b"Case C-"), 30)
            status, _, err = await terminated(process)
        finally:
            locker.execute("ROLLBACK")
            locker.close()
    assert status == 3, err
    assert "3 cases could not be stored and are lost" in err
    assert "every case stored" not in err
    assert "Traceback" not in err


async def test_discord_sigterm_with_interactions_in_flight(tmp_path: Path) -> None:
    fake = FakeDiscord()
    fake.webhook_delay = 1.0  # the answers are still on their way at SIGTERM
    await fake.start()
    env = platform_env(
        tmp_path,
        SHUTDOWN_TIMEOUT="10",
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DISCORD_GUILD_IDS=str(GUILD_ID),
    )
    try:
        async with bot_process(tmp_path, "discord", env) as process:
            await fake.wait_connected(within=30)
            await fake.wait_request(lambda r: r.method == "PUT", within=30)
            payloads = [
                fake.command("jss", "check", user_id=1_000 + n, situation=SITUATION)
                for n in range(BURST)
            ]
            start = len(fake.requests)
            for payload in payloads:
                await fake.dispatch("INTERACTION_CREATE", payload)
            for payload in payloads:  # every one acknowledged within Discord's limit
                await fake.wait_request(
                    lambda r, p=payload: r.path.startswith(f"/interactions/{p['id']}/"),
                    start=start,
                )
            status, _, err = await terminated(process)
    finally:
        await fake.stop()
    answered: set[str] = set()
    apologies = 0
    for payload in payloads:
        sent = [
            r
            for r in fake.requests
            if r.method == "POST" and r.path.startswith("/webhooks/") and payload["token"] in r.path
        ]
        assert sent, "every member got an answer or an apology"
        titles = [embed.get("title", "") for r in sent for embed in r.json.get("embeds", [])]
        apologised = any("restarting" in title for title in titles)
        assert apologised or any(title == ANSWER_TITLE for title in titles), titles
        assert not (apologised and len(sent) > 1), "never an answer after an apology"
        apologies += apologised
        answered.update(case_id_of(r) for r in sent if custom_ids(r))
    assert status == 0, err
    assert len(answered) + apologies == BURST
    assert answered <= stored_cases(tmp_path / "data" / "cases.db"), "no case lost"


async def test_slack_sigterm_with_answers_queued(tmp_path: Path) -> None:
    fake = FakeSlackApi()
    fake.post_delay = 1.0  # the answers are still on their way at SIGTERM
    await fake.start()
    port = free_port()
    env = platform_env(
        tmp_path,
        SHUTDOWN_TIMEOUT="10",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        SLACK_HTTP_HOST="127.0.0.1",
        SLACK_HTTP_PORT=str(port),
    )
    try:
        async with (
            bot_process(tmp_path, "slack", env) as process,
            SlackSender(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, fake) as slack,
        ):
            await _until_listening(port)
            channels = [f"C0CHAN{n:04d}" for n in range(BURST)]
            tags = []
            for channel in channels:
                status, tag = await slack.command(f"check {FORUM_POST}", channel=channel)
                assert status == 200
                tags.append(tag)
            code, _, err = await terminated(process)
    finally:
        await fake.stop()
    answered = apologised = 0
    for channel, tag in zip(channels, tags, strict=True):
        posts = fake.of("chat.postMessage", where=lambda c, ch=channel: c.data.get("channel") == ch)
        summaries = [post for post in posts if not post.data.get("thread_ts")]
        apologies = fake.of(
            "response_url",
            where=lambda c, t=tag: c.data["_tag"] == t and "restarting" in str(c.data),
        )
        assert len(summaries) + len(apologies) == 1, (channel, summaries, apologies)
        answered += len(summaries)
        apologised += len(apologies)
    assert code == 0, err
    assert len(stored_cases(tmp_path / "data" / "cases.db")) >= answered, "no case lost"


async def _until_listening(port: int, within: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return
