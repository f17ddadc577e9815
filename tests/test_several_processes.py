"""Two bots sharing one PostgreSQL case log, as Slack HTTP workers behind a load balancer
or Discord shard processes run.

Slack: `jss-helper run --adapter slack`, twice, against the loopback Slack fake. A
member who sends commands to each worker in turn gets the rate limit once, not once
per worker; an event delivered to both workers is answered by one of them. Discord:
two bots (each with its own case log connections and memory) logged in to the fake;
an interaction delivered to both sessions is answered once.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.postgres import PostgresCaseStore
from tests import storage_fixtures
from tests.discord_wire import running_bot
from tests.fake_discord import FakeDiscord
from tests.fake_slack import BOT_TOKEN, CASE_SECRET, SIGNING_SECRET, FakeSlackApi, SlackSender
from tests.test_cli import bot_env

fresh_pg_dsn = storage_fixtures.fresh_pg_dsn

pytestmark = pytest.mark.postgres

START_WITHIN = 40.0
STOP_WITHIN = 20.0
BURST = 3


def free_port() -> int:
    """A loopback port nobody listens on now (the worker binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Worker:
    """One `jss-helper run --adapter slack` process."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}/slack/events"
        self.log: list[str] = []

    async def wait_started(self) -> None:
        """Until the worker says its Slack adapter serves (or it died: then its log)."""
        assert self.process.stderr is not None
        while True:
            line = (await self.process.stderr.readline()).decode()
            if not line:
                raise AssertionError("the worker exited:\n" + "".join(self.log))
            self.log.append(line)
            if "slack adapter started" in line:
                return

    async def stop(self) -> int:
        """SIGTERM: the worker delivers its answers under way, then exits."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        assert self.process.stderr is not None
        rest = await asyncio.wait_for(self.process.stderr.read(), STOP_WITHIN)
        self.log.append(rest.decode())
        return await asyncio.wait_for(self.process.wait(), STOP_WITHIN)


async def start_worker(tmp_path: Path, dsn: str, api_url: str) -> Worker:
    port = free_port()
    env = bot_env(
        tmp_path,
        DATABASE_URL=dsn,
        CASE_HASH_SECRET=CASE_SECRET.decode(),
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=api_url,
        SLACK_HTTP_HOST="127.0.0.1",
        SLACK_HTTP_PORT=str(port),
        # One token in a hundred minutes: no refill during the test, however slow the host.
        RATE_LIMIT_PER_MINUTE="0.01",
        RATE_LIMIT_BURST=str(BURST),
        ENGINE_PROCESSES="0",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--adapter",
        "slack",
        cwd=str(Path.cwd()),
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    worker = Worker(process, port)
    try:
        await asyncio.wait_for(worker.wait_started(), START_WITHIN)
    except BaseException:
        process.kill()
        await process.wait()
        raise
    return worker


@contextlib.asynccontextmanager
async def two_workers(
    tmp_path: Path, dsn: str
) -> AsyncIterator[tuple[FakeSlackApi, SlackSender, list[Worker]]]:
    """The Slack fake, two workers on one database, and Slack's side of HTTP mode (its
    ids unique across both workers; `url` says which worker it sends to)."""
    fake = FakeSlackApi()
    await fake.start()
    workers: list[Worker] = []
    try:
        # One after the other: the second finds the schema migrated by the first.
        for name in ("first", "second"):
            folder = tmp_path / name
            folder.mkdir()
            workers.append(await start_worker(folder, dsn, fake.api_url))
        async with SlackSender(workers[0].url, SIGNING_SECRET, fake) as slack:
            yield fake, slack, workers
    finally:
        for worker in workers:
            if worker.process.returncode is None:
                worker.process.kill()
                await worker.process.wait()
        await fake.stop()


async def test_the_rate_limit_and_answer_once_hold_across_two_workers(
    tmp_path: Path, fresh_pg_dsn: str
) -> None:
    async with two_workers(tmp_path, fresh_pg_dsn) as (fake, slack, workers):
        for n in range(BURST + 1):  # alternately to each worker
            slack.url = workers[n % 2].url
            status, _ = await slack.command("help", user="U0MEMBER1")
            assert status == 200
        answers = await fake.wait_for("response_url", count=BURST + 1, within=30)
        refused = ["faster than I can keep up" in "".join(call.texts()) for call in answers]
        # Each worker answers after acknowledging, so which command comes last to the shared
        # bucket is the workers' affair; how many get through is not.
        assert refused.count(False) == BURST and refused.count(True) == 1, refused

        mention = slack.mention_body("help", user="U0OTHER01", event_id="Ev0BOTHWORK")
        for worker in workers:
            slack.url = worker.url
            assert (await slack.event(mention))[0] == 200
        # Stopped, each worker has finished (delivered or dropped) what it acknowledged.
        assert [await worker.stop() for worker in workers] == [0, 0]
        to_member = fake.of(
            "chat.postMessage",
            "chat.postEphemeral",
            where=lambda call: (
                call.data.get("user") == "U0OTHER01"
                or call.data.get("thread_ts") == mention["event"]["ts"]
            ),
        )
        assert len(to_member) == 1, [(call.method, call.data) for call in to_member]


async def test_an_interaction_delivered_to_two_bots_is_answered_once(
    tmp_path: Path, fresh_pg_dsn: str
) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        async with (
            running_bot(tmp_path / "a.db", fake=fake, store=PostgresCaseStore(fresh_pg_dsn)),
            running_bot(tmp_path / "b.db", fake=fake, store=PostgresCaseStore(fresh_pg_dsn)),
        ):
            payload = fake.command("jss", "help")
            await fake.dispatch_to_every_session("INTERACTION_CREATE", payload)
            await fake.wait_request(lambda r: r.path.startswith(f"/interactions/{payload['id']}/"))
        # Both bots stopped: whatever either had acknowledged is delivered by now.
        callbacks = fake.sent_to(f"/interactions/{payload['id']}/")
        assert len(callbacks) == 1, [r.path for r in callbacks]
    finally:
        await fake.stop()
