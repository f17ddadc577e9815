"""Peak memory of a running bot, per adapter: console, Discord and Slack, on the loopback fakes.

Each adapter runs as `jss-helper run --adapter NAME` in its own process, as in
production, with its engine worker and an SQLite case log; the driver sends it
`--count` situations, waits for every answer, then reads the peak resident set
(VmHWM) of the bot process and of its worker processes from /proc.

    python bench/bench_rss.py [--count 20] [--adapter console --adapter slack ...]

One line per adapter: `peak RSS NAME: bot X MiB, workers Y MiB`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fake_discord import GUILD_ID, TOKEN, FakeDiscord  # noqa: E402
from tests.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlackApi, SlackSender  # noqa: E402

SITUATION = (
    "$0 contract, client threatens a bad review; three other contracts of $5,600, "
    "$2,500 and $10,000 all went well; not Top Rated"
)
ADAPTERS = ("console", "discord", "slack")
WITHIN_S = 60.0


def peak_mib(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MiB; 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    """The process's direct children (the forkserver and, under it, the engine workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    below = children(pid)
    return below + [grandchild for child in below for grandchild in descendants(child)]


def _env(db: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    return {
        **keep,
        "CASE_HASH_SECRET": "bench-secret-0123456789abcdef",
        "DATABASE_URL": f"sqlite:///{db}",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@asynccontextmanager
async def bot(adapter: str, env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    """`jss-helper run --adapter ADAPTER`, stopped (stdin closed, then SIGTERM) on leaving."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--adapter",
        adapter,
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
        await asyncio.wait_for(process.wait(), WITHIN_S)


async def until(ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WITHIN_S
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def measured(process: asyncio.subprocess.Process) -> tuple[float, float]:
    """Peak MiB of the bot process and, summed, of every process under it."""
    return peak_mib(process.pid), sum(peak_mib(pid) for pid in descendants(process.pid))


async def console(count: int, db: Path) -> tuple[float, float]:
    async with bot("console", _env(db)) as process:
        assert process.stdin is not None and process.stdout is not None
        for _ in range(count):
            process.stdin.write(f"/jss check {SITUATION}\n".encode())
        process.stdin.write(b"/jss help\n")
        await process.stdin.drain()
        # The help text comes last: every answer before it has been written.
        deadline = time.monotonic() + WITHIN_S
        while b"/jss check" not in await asyncio.wait_for(process.stdout.readline(), WITHIN_S):
            if time.monotonic() > deadline:
                raise TimeoutError("the console did not answer")
        return measured(process)


async def discord(count: int, db: Path) -> tuple[float, float]:
    fake = FakeDiscord()
    await fake.start()
    env = _env(
        db,
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DISCORD_GUILD_IDS=str(GUILD_ID),
    )
    try:
        async with bot("discord", env) as process:
            await until(lambda: fake.identifies > 0, "the bot to log in")
            await fake.wait_connected(WITHIN_S)
            start = len(fake.requests)
            for index in range(count):
                payload = fake.command("jss", "check", user_id=900 + index, situation=SITUATION)
                await fake.dispatch("INTERACTION_CREATE", payload)
            await until(lambda: len(fake.sent_to("/webhooks/", start)) >= count, "the answers")
            return measured(process)
    finally:
        await fake.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def slack(count: int, db: Path) -> tuple[float, float]:
    fake = FakeSlackApi()
    await fake.start()
    port = _free_port()
    env = _env(
        db,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        SLACK_HTTP_PORT=str(port),
    )
    try:
        async with bot("slack", env) as process:
            await until(lambda: _listening(port), "the bot to listen")
            url = f"http://127.0.0.1:{port}/slack/events"
            async with SlackSender(url, SIGNING_SECRET, fake) as sender:
                for index in range(count):
                    await sender.command(SITUATION, user=f"URSS{index:04d}")
            await fake.wait_for("chat.postMessage", "response_url", count=count, within=WITHIN_S)
            return measured(process)
    finally:
        await fake.stop()


RUNNERS: dict[str, Callable[[int, Path], Awaitable[tuple[float, float]]]] = {
    "console": console,
    "discord": discord,
    "slack": slack,
}


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="situations sent to each bot")
    parser.add_argument("--adapter", action="append", choices=ADAPTERS, help="default: all")
    args = parser.parse_args()
    print(f"{args.count} situations answered by each bot, then its peak resident memory")
    for name in args.adapter or ADAPTERS:
        with tempfile.TemporaryDirectory() as folder:
            main_mib, workers_mib = await RUNNERS[name](args.count, Path(folder) / "cases.db")
        print(f"peak RSS {name}: bot {main_mib:.1f} MiB, workers {workers_mib:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
