"""Discord under load: `/jss check` interactions at a steady rate, acknowledgement and answer times.

Runs two bots in the same run, each in its own process (as in production),
against the same loopback fake of Discord (REST and gateway, in this process):
  (a) the bot: `jss-helper run --adapter discord` with the real dispatcher,
      engine and SQLite case log, its engine workers at ENGINE_PRIORITY=idle,
      as on a host or container that is the bot's own (`--engine-priority low`
      runs them at the default instead);
  (b) a bare discord.py bot whose `/jss check` answers a constant string.
Each bot runs on one core (the last this process may use), its worker
processes included; the driver and the fake run on the other cores, so that
the fake's own work on each request the bot sends is not counted as the bot's.
The driver sends INTERACTION_CREATE events at a steady rate and measures the
time from sending each one to receiving its interaction callback (the
acknowledgement), and for (a) also to its answer through the webhook. The bots
run in turns, a few rounds each, and each bot's percentiles are over all its
rounds: one round's p99 is its tenth-slowest acknowledgement, which a moment of
the machine's own moves by half.

    python bench/bench_discord.py [--count 1000] [--rate 100] [--rounds 3] [--engine-priority idle]

Targets: p99 acknowledgement under 50 ms at 100 interactions/s, within 1.5x of the bare
bot. The last line is the figure: `Discord ack p99 bot/bare: R x (B ms / A ms)`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
sys.path.insert(0, str(ROOT))

from tests.fake_discord import GUILD_ID, TOKEN, FakeDiscord, Recorded  # noqa: E402

SITUATION = (
    "$0 contract, client threatens a bad review; three other contracts of $5,600, "
    "$2,500 and $10,000 all went well; not Top Rated"
)
FIRST_USER = 800_000_000_000_000_000
TARGET_P99_MS = 50
TARGET_RATIO = 1.5


# ---- the bare bot (run in a child process) ---------------------------------------


def serve_bare(api_base: str, gateway_url: str) -> None:
    """A discord.py bot that answers `/jss check` with a constant, nothing else."""
    import discord
    from discord import app_commands
    from discord.gateway import DiscordWebSocket
    from discord.http import Route
    from yarl import URL

    Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = URL(gateway_url)
    client = discord.Client(intents=discord.Intents.none())
    tree = app_commands.CommandTree(client)
    group = app_commands.Group(name="jss", description="bare")

    @group.command(name="check", description="bare")
    async def check(interaction: discord.Interaction, situation: str) -> None:
        await interaction.response.send_message("Your Job Success Score: 82%")

    tree.add_command(group)

    async def main() -> None:
        await client.login(TOKEN)
        guild = discord.Object(GUILD_ID)
        tree.copy_global_to(guild=guild)
        await tree.sync(guild=guild)
        await client.connect()

    asyncio.run(main())


# ---- the driver --------------------------------------------------------------------


def _start(kind: str, fake: FakeDiscord, db_path: Path, priority: str) -> subprocess.Popen[bytes]:
    if kind == "bare":
        command = [sys.executable, str(SCRIPT), "--serve-bare", fake.api_base, fake.gateway_url]
        return subprocess.Popen(command, cwd=ROOT, preexec_fn=_one_core)
    env = {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DISCORD_GUILD_IDS": str(GUILD_ID),
        "CASE_HASH_SECRET": "bench-secret-0123456789abcdef",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "LOG_LEVEL": "WARNING",
        "ENGINE_PRIORITY": priority,
    }
    profile = (
        ["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]]
        if os.environ.get("BENCH_PROFILE")
        else []
    )
    command = [sys.executable, *profile, "-m", "bot", "run", "--adapter", "discord"]
    return subprocess.Popen(command, cwd=ROOT, env=env, preexec_fn=_one_core)


BOT_CORE = max(os.sched_getaffinity(0))


def _one_core() -> None:
    """Run the child, and the worker processes it starts, on one core."""
    os.sched_setaffinity(0, {BOT_CORE})


def _off_the_bot_core() -> None:
    """Keep the driver and the fake off the bots' core, where there is another: a request
    over loopback wakes its reader on the writer's core, and the fake would then take
    the core from the bot each time the bot sent it something."""
    others = os.sched_getaffinity(0) - {BOT_CORE}
    if others:
        os.sched_setaffinity(0, others)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Round:
    """One bot's run: each acknowledgement's and each answer's time, ms; its pace."""

    acks: list[float]
    answers: list[float]
    throughput: float
    cpu_ms: float


async def run_one(
    kind: str, fake: FakeDiscord, count: int, rate: float, db: Path, priority: str = "idle"
) -> Round:
    """Start one bot, drive `count` interactions through it at `rate`, stop it once every
    one is answered (the bot's answers are its follow-ups: webhook POSTs)."""
    identified = fake.identifies
    child = _start(kind, fake, db, priority)
    try:
        # The child takes a second or two to import and log in; polling is plenty here.
        while fake.identifies == identified:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        await fake.wait_connected(30)
        start = len(fake.requests)
        ids: list[str] = []
        tokens: dict[str, str] = {}
        began = time.perf_counter()
        cpu_before = _cpu_seconds(child.pid)
        for index in range(count):
            due = began + index / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            payload = fake.command("jss", "check", user_id=FIRST_USER + index, situation=SITUATION)
            ids.append(payload["id"])
            tokens[payload["token"]] = payload["id"]
            await fake.dispatch("INTERACTION_CREATE", payload)
        await _wait_for(fake, count, _is_callback, start, 60)
        if kind == "bot":
            await _wait_for(fake, count, _is_answer, start, 60)
        elapsed = time.perf_counter() - began
        cpu = _cpu_seconds(child.pid) - cpu_before
    finally:
        child.terminate()
        child.wait(30)
    callbacks: dict[str, Recorded] = {}
    answers: dict[str, Recorded] = {}
    for request in fake.requests[start:]:
        if _is_callback(request):
            callbacks[request.path.split("/")[2]] = request
        elif _is_answer(request):
            answers.setdefault(tokens.get(request.path.split("/")[3], ""), request)
    return Round(
        acks=[(callbacks[i].at - fake.dispatched_at[i]) * 1000 for i in ids],
        answers=[(answers[i].at - fake.dispatched_at[i]) * 1000 for i in ids if i in answers],
        throughput=count / elapsed,
        cpu_ms=cpu / count * 1000,
    )


def _is_callback(request: Recorded) -> bool:
    return request.path.endswith("/callback")


def _is_answer(request: Recorded) -> bool:
    # A chart added to an answer later is a PATCH of the same webhook: not an answer.
    return request.path.startswith("/webhooks/") and request.method == "POST"


async def _wait_for(
    fake: FakeDiscord, done: int, counted: Callable[[Recorded], bool], start: int, within: float
) -> None:
    deadline = time.perf_counter() + within
    while sum(1 for request in fake.requests[start:] if counted(request)) < done:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"only part of the {done} requests awaited came back")
        await asyncio.sleep(0.05)


async def drive(count: int, rate: float, rounds: int, priority: str) -> int:
    """`rounds` runs of each bot, in turns (bot, bare; then bare, bot; ...), so that a
    change of the machine's speed during the run weighs on both alike; each bot's
    figures are over all its rounds' interactions."""
    _off_the_bot_core()
    fake = FakeDiscord()
    await fake.start()
    runs: dict[str, list[Round]] = {"bot": [], "bare": []}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for turn in range(rounds):
                order = ("bot", "bare") if turn % 2 == 0 else ("bare", "bot")
                for kind in order:
                    db = Path(folder) / f"{kind}-{turn}.db"
                    runs[kind].append(await run_one(kind, fake, count, rate, db, priority))
    finally:
        await fake.stop()
    print(
        f"{rounds} rounds of {count} interactions at {rate:.0f}/s for each bot, "
        f"INTERACTION_CREATE sent -> callback received (ENGINE_PRIORITY={priority})"
    )
    for turn in range(rounds):
        bot_p99, bare_p99 = (_percentile(runs[kind][turn].acks, 0.99) for kind in ("bot", "bare"))
        print(
            f"  round {turn + 1}: ack p99 bot {bot_p99:.1f} ms, bare {bare_p99:.1f} ms"
            f" ({bot_p99 / bare_p99:.2f} x)"
        )
    bot, bare = (_pooled(runs[kind]) for kind in ("bot", "bare"))
    for name, figures in (("bot", bot), ("bare discord.py", bare)):
        line = (
            f"  {name:16} ack p50 {figures['p50']:6.1f} ms   p99 {figures['p99']:6.1f} ms"
            f"   throughput {figures['throughput']:6.1f}/s   cpu {figures['cpu_ms']:.1f} ms each"
        )
        if "answer_p50" in figures:
            line += (
                f"   answer p50 {figures['answer_p50']:.1f} ms p99 {figures['answer_p99']:.1f} ms"
            )
        print(line)
    ratio = bot["p99"] / bare["p99"] if bare["p99"] else float("inf")
    met = bot["p99"] < TARGET_P99_MS and ratio <= TARGET_RATIO
    # What the bot's own work adds to a typical acknowledgement (the loop held per command).
    print(f"  ack p50 over the bare bot: {bot['p50'] - bare['p50']:.2f} ms")
    print(
        f"  targets: p99 < {TARGET_P99_MS} ms, <= {TARGET_RATIO}x bare: "
        + ("met" if met else "NOT met")
    )
    print(f"Discord ack p99 bot/bare: {ratio:.2f} x ({bot['p99']:.1f} ms / {bare['p99']:.1f} ms)")
    return 0 if met else 1


def _pooled(rounds: list[Round]) -> dict[str, float]:
    """One bot's figures over all its rounds."""
    acks = [ack for each in rounds for ack in each.acks]
    answers = [answer for each in rounds for answer in each.answers]
    figures = {
        "p50": statistics.median(acks),
        "p99": _percentile(acks, 0.99),
        "throughput": statistics.mean(each.throughput for each in rounds),
        "cpu_ms": statistics.mean(each.cpu_ms for each in rounds),
    }
    if answers:
        figures["answer_p50"] = statistics.median(answers)
        figures["answer_p99"] = _percentile(answers, 0.99)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each bot, in turns")
    parser.add_argument(
        "--engine-priority", choices=("idle", "low"), default="idle", help="the bot's workers'"
    )
    parser.add_argument("--serve-bare", nargs=2, metavar=("API", "GATEWAY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(*args.serve_bare)
        return 0
    return asyncio.run(drive(args.count, args.rate, args.rounds, args.engine_priority))


if __name__ == "__main__":
    sys.exit(main())
