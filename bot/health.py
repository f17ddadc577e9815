"""`/healthz` and `/metrics` on HEALTH_PORT, for an orchestrator and for Prometheus.

`/healthz` answers 200 when every adapter is connected and the case log answers
within its deadline, 503 otherwise, with a JSON body saying which part is
down and how many cases wait to be stored. Nothing in either body names a
member or a community.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from aiohttp import web

from bot.adapters.base import Adapter
from bot.metrics import CONTENT_TYPE, Metrics
from storage.interface import CaseStore, StoreError
from storage.writer import CaseWriter

log = logging.getLogger(__name__)

# A case id no case has (ids use Crockford's alphabet, which has no U): the probe
# is one indexed look-up that finds nothing.
PROBE_CASE_ID = "C-UUUUUUU"


@dataclass(frozen=True)
class Health:
    """What `/healthz` says."""

    status: str
    adapters: dict[str, str]
    store: str
    queue_depth: int


class HealthServer:
    """A small aiohttp server in the bot's event loop."""

    def __init__(
        self,
        metrics: Metrics,
        store: CaseStore,
        writer: CaseWriter,
        adapters: Sequence[Adapter],
    ) -> None:
        self._metrics = metrics
        self._store = store
        self._writer = writer
        self._adapters = adapters
        self._runner: web.AppRunner | None = None

    async def check(self) -> Health:
        """Probe the case log and read the adapters' state."""
        try:
            await self._store.get(PROBE_CASE_ID, community_hash="health-probe")
            store = "ok"
        except StoreError:
            store = "unreachable"
        adapters = {
            adapter.name: "connected" if adapter.connected else "disconnected"
            for adapter in self._adapters
        }
        healthy = (
            store == "ok"
            and bool(adapters)
            and all(state == "connected" for state in adapters.values())
        )
        return Health("ok" if healthy else "unavailable", adapters, store, self._writer.pending)

    async def _health(self, request: web.Request) -> web.Response:
        health = await self.check()
        return web.json_response(asdict(health), status=200 if health.status == "ok" else 503)

    async def _metrics_page(self, request: web.Request) -> web.Response:
        response = web.Response(body=self._metrics.exposition())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    async def start(self, host: str, port: int) -> None:
        app = web.Application()
        app.add_routes([web.get("/healthz", self._health), web.get("/metrics", self._metrics_page)])
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        log.info("health and metrics on %s:%s (/healthz, /metrics)", host, self.port)

    @property
    def port(self) -> int:
        """The port bound (the configured one, or the one picked for port 0)."""
        if self._runner is not None:
            for address in self._runner.addresses:
                if isinstance(address, tuple):
                    return int(address[1])
        return 0

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
