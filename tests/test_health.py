"""`/healthz` and `/metrics` on HEALTH_PORT: what an orchestrator and Prometheus read."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.adapters.testing import QueueAdapter
from bot.health import HealthServer
from bot.metrics import Metrics
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.services import Services
from storage.anonymize import IdHasher
from storage.bounded import BoundedStore
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter
from tests.test_cli import FORUM_POST, bot_env
from tests.test_shutdown import free_port

SECRET = b"health-test-secret-0123456789"


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_health_says_which_part_is_down(tmp_path: Path) -> None:
    store = BoundedStore(SqliteCaseStore(tmp_path / "cases.db"), timeout=1.0)
    await store.start()
    writer = CaseWriter(store)
    metrics = Metrics()
    dispatcher = Dispatcher(
        Services(store=store, recorder=writer, hasher=IdHasher(SECRET)), HANDLERS, observer=metrics
    )
    adapter = QueueAdapter(dispatcher)
    await adapter.start()
    metrics.watch(writer, [adapter])
    server = HealthServer(metrics, store, writer, [adapter])
    await server.start("127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.port}"
    try:
        status, body = await get(base + "/healthz")
        assert status == 200
        assert json.loads(body) == {
            "status": "ok",
            "adapters": {"test": "connected"},
            "store": "ok",
            "queue_depth": 0,
        }
        await adapter.send("/jss help")
        await adapter.send("/jss case show C-7K2M9XQ")  # refused: not a moderator
        status, text = await get(base + "/metrics")
        assert status == 200
        found = samples(text)
        assert found[("jss_commands_total", (("command", "help"), ("outcome", "info")))] == 1
        assert found[("jss_commands_total", (("command", "case show"), ("outcome", "refused")))]
        assert found[("jss_answer_seconds_count", (("command", "help"),))] == 1
        assert ("jss_case_queue_depth", ()) in found
        assert found[("jss_adapter_connected", (("adapter", "test"),))] == 1
        await store.close()  # the case log goes away
        status, body = await get(base + "/healthz")
        assert status == 503 and json.loads(body)["store"] == "unreachable"
        await store.start()
        await adapter.stop()  # and the adapter
        status, body = await get(base + "/healthz")
        assert status == 503 and json.loads(body)["adapters"] == {"test": "disconnected"}
    finally:
        await server.stop()
        await adapter.stop()
        await store.close()


async def test_a_running_bot_serves_health_and_counts_its_commands(tmp_path: Path) -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--adapter",
        "console",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tmp_path,
        env=bot_env(tmp_path, HEALTH_PORT=str(port), ENGINE_PROCESSES="0"),
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(f"/jss check {FORUM_POST}\n".encode())
        await process.stdin.drain()
        await asyncio.wait_for(process.stdout.readuntil(b"Case C-"), 30)
        status, body = await get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200 and json.loads(body)["adapters"] == {"console": "connected"}
        _, text = await get(f"http://127.0.0.1:{port}/metrics")
        found = samples(text)
        assert found[("jss_commands_total", (("command", "check"), ("outcome", "answer")))] == 1
        assert found[("jss_case_writes_total", ())] == 1
        assert found[("jss_cases_lost_total", ())] == 0
    finally:
        process.stdin.close()
        await asyncio.wait_for(process.wait(), 30)
    assert process.returncode == 0
