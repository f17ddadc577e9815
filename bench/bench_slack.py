"""Slack HTTP mode under load: signed `/jss` commands at a steady rate, ack and answer times.

Runs two servers in the same run, each in its own process (as in production),
against the same loopback fake of the Slack Web API:
  (a) the bot: the real Slack adapter, dispatcher, engine and SQLite case log;
  (b) a bare bolt app that acks and responds with a constant (bolt's defaults);
  (c) for reference, the same bare app acking as the bot does: the listener's
      return is the ack (process_before_response), so bolt does not poll for it.
The driver sends every command signed as Slack signs it and measures the time
to the HTTP 200 (the ack) and to the answer the fake receives.

    python bench/bench_slack.py [--count 1000] [--rate 100]

Targets: p99 ack under 50 ms at 100 commands/s, and within 1.5x of the bare app.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
sys.path.insert(0, str(ROOT))

from tests.fake_slack import SIGNING_SECRET, Call, FakeSlackApi, SlackSender  # noqa: E402

SITUATION = (
    "check $0 contract, client threatens a bad review; three other contracts of $5,600, "
    "$2,500 and $10,000 all went well; not Top Rated"
)


# ---- the two servers (run in a child process) ----------------------------------


async def serve_bot(api_url: str, db: Path) -> None:
    from tests.slack_wire import serving_bot

    # The rate limit is per member; the bench's members are all different.
    async with serving_bot(db, api_url, rate_per_minute=10_000, burst=1_000) as bot:
        assert bot.adapter.http is not None
        print(bot.adapter.http.port, flush=True)
        await _until_stdin_closes()


async def serve_bare(api_url: str, *, inline_ack: bool = False) -> None:
    from aiohttp import web
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from tests.fake_slack import BOT_TOKEN

    app = AsyncApp(
        client=AsyncWebClient(token=BOT_TOKEN, base_url=api_url),
        signing_secret=SIGNING_SECRET,
        process_before_response=inline_ack,
    )

    answering: set[asyncio.Task[None]] = set()

    @app.command("/jss")
    async def constant(ack, respond):  # type: ignore[no-untyped-def]
        await ack()
        if not inline_ack:
            await respond("Your Job Success Score: likely 82%.")
            return
        # Acking by returning: the answer goes out after the ack, as the bot's does.
        task = asyncio.create_task(respond("Your Job Success Score: likely 82%."))
        answering.add(task)
        task.add_done_callback(answering.discard)

    runner = web.AppRunner(app.web_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    await _until_stdin_closes()
    await runner.cleanup()


async def _until_stdin_closes() -> None:
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


# ---- the driver ----------------------------------------------------------------------


@dataclass
class Result:
    name: str
    acks: list[float]
    answers: list[float]
    errors: int
    seconds: float

    def line(self) -> str:
        def ms(values: list[float], q: float) -> str:
            if not values:
                return "   n/a"
            ordered = sorted(values)
            return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:6.1f}"

        return (
            f"{self.name:<11} ack p50 {ms(self.acks, 0.5)} ms  p99 {ms(self.acks, 0.99)} ms | "
            f"answer p50 {ms(self.answers, 0.5)} ms  p99 {ms(self.answers, 0.99)} ms | "
            f"{len(self.answers) / self.seconds:6.1f} answers/s, "
            f"{len(self.answers)}/{len(self.acks)} answered, {self.errors} errors"
        )


async def drive(
    name: str, server: list[str], fake: FakeSlackApi, count: int, rate: float
) -> Result:
    process = await asyncio.create_subprocess_exec(
        *server, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT
    )
    assert process.stdout is not None and process.stdin is not None
    port = int((await process.stdout.readline()).decode())
    url = f"http://127.0.0.1:{port}/slack/events"
    fake.calls.clear()
    sent: dict[str, float] = {}
    acks: list[float] = []
    errors = 0
    async with SlackSender(url, SIGNING_SECRET, fake) as slack:
        # Warm up: first connections, the bolt app's auth.test, the engine's first run.
        for n in range(5):
            await slack.command(SITUATION, user=f"UWARM{n}", channel=f"CWARM{n}")
        await asyncio.sleep(1.0)
        fake.calls.clear()

        async def one(n: int) -> None:
            nonlocal errors
            channel = f"CBENCH{n:05d}"
            body, tag = slack.command_body(SITUATION, user=f"UBENCH{n:05d}", channel=channel)
            start = time.perf_counter()
            sent[channel] = sent[tag] = start
            status, _ = await slack.send(body, "application/x-www-form-urlencoded")
            acks.append(time.perf_counter() - start)
            errors += status != 200

        begin = time.perf_counter()
        tasks = []
        for n in range(count):
            delay = begin + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(n)))
        await asyncio.gather(*tasks)
        with contextlib.suppress(AssertionError):  # unanswered commands show in the counts
            await fake.wait_for(
                "chat.postMessage",
                "response_url",
                count=count,
                where=lambda call: _key(call) in sent,
                within=30,
            )
        seconds = max(call.at for call in fake.calls) - begin if fake.calls else 1.0
    process.stdin.close()
    await process.wait()
    answers = _answer_times(fake, sent)
    return Result(name, acks, answers, errors, seconds)


def _p99(values: list[float]) -> float:
    return sorted(values)[int(0.99 * len(values))]


def _key(call: Call) -> str:
    """Which command an answer is for: its response_url tag, or the channel it went to."""
    return str(call.data.get("_tag") or call.data.get("channel") or "")


def _first_answers(fake: FakeSlackApi, sent: dict[str, float]) -> dict[str, float]:
    first: dict[str, float] = {}
    for call in fake.calls:
        key = _key(call)
        if key in sent and key not in first:
            first[key] = call.at
    return first


def _answer_times(fake: FakeSlackApi, sent: dict[str, float]) -> list[float]:
    return [at - sent[key] for key, at in _first_answers(fake, sent).items()]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--serve", choices=["bot", "bare", "bare-inline"], help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve == "bot":
        with tempfile.TemporaryDirectory() as folder:
            await serve_bot(args.api_url, Path(folder) / "cases.db")
        return 0
    if args.serve in ("bare", "bare-inline"):
        await serve_bare(args.api_url, inline_ack=args.serve == "bare-inline")
        return 0

    fake = FakeSlackApi()
    await fake.start()
    me = [sys.executable, os.fspath(SCRIPT)]
    print(f"{args.count} signed /jss commands at {args.rate:.0f}/s, each server in its own process")
    results = []
    for name in ("bare", "bot", "bare-inline"):
        command = [*me, "--serve", name, "--api-url", fake.api_url]
        results.append(await drive(name, command, fake, args.count, args.rate))
        print(results[-1].line(), flush=True)
    await fake.stop()
    bare, bot, inline = (_p99(result.acks) for result in results)
    ratio = bot / bare
    print(
        f"bot p99 ack {bot * 1000:.1f} ms (target < 50 ms: {'met' if bot < 0.05 else 'MISSED'}); "
        f"{ratio:.2f}x the bare app's (target <= 1.5x: {'met' if ratio <= 1.5 else 'MISSED'}); "
        f"{bot / inline:.2f}x the bare app acking as the bot does (for reference)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
