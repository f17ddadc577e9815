"""Prometheus metrics of one bot process, served at `/metrics` on HEALTH_PORT.

Commands are counted as the dispatcher reports them; the case writer's and the
adapters' counts are read from them at each scrape, so that nothing else has
to know the metrics exist. Labels are command names and outcomes, never ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.adapters.base import Adapter
from storage.writer import CaseWriter

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# From an instant reply to a slow engine run on a loaded machine.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class _Live(Collector):
    """Counts read from the writer and the adapters at scrape time."""

    def __init__(self) -> None:
        self.writer: CaseWriter | None = None
        self.adapters: Sequence[Adapter] = ()

    def collect(self) -> Iterator[Metric]:
        writer = self.writer
        if writer is not None:
            writes = CounterMetricFamily("jss_case_writes", "Cases stored in the case log.")
            writes.add_metric([], writer.stored)
            yield writes
            retries = CounterMetricFamily(
                "jss_case_write_retries", "Case writes that failed or timed out and were retried."
            )
            retries.add_metric([], writer.retries)
            yield retries
            lost = CounterMetricFamily(
                "jss_cases_lost", "Cases dropped because too many waited for the case log."
            )
            lost.add_metric([], writer.dropped)
            yield lost
            depth = GaugeMetricFamily("jss_case_queue_depth", "Cases waiting to be stored.")
            depth.add_metric([], writer.pending)
            yield depth
        reconnects = CounterMetricFamily(
            "jss_adapter_reconnects", "Platform connections re-established.", labels=["adapter"]
        )
        connected = GaugeMetricFamily(
            "jss_adapter_connected", "1 while the platform connection is up.", labels=["adapter"]
        )
        for adapter in self.adapters:
            reconnects.add_metric([adapter.name], adapter.reconnects)
            connected.add_metric([adapter.name], 1 if adapter.connected else 0)
        yield reconnects
        yield connected


class Metrics:
    """The process's metrics; also the dispatcher's `CommandObserver`."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.commands = Counter(
            "jss_commands",
            "Commands answered, by command and outcome.",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "jss_answer_seconds",
            "Time from a command reaching the dispatcher to its reply.",
            ["command"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "jss_rate_limit_refusals",
            "Commands refused by the per-member rate limit.",
            registry=self.registry,
        )
        self._live = _Live()
        self.registry.register(self._live)

    def watch(self, writer: CaseWriter, adapters: Sequence[Adapter]) -> None:
        """Read the writer's and these adapters' counts at each scrape (the list may grow)."""
        self._live.writer = writer
        self._live.adapters = adapters

    def command_done(self, command: str, outcome: str, seconds: float) -> None:
        self.commands.labels(command, outcome).inc()
        self.latency.labels(command).observe(seconds)
        if outcome == "rate-limited":
            self.rate_limited.inc()

    def exposition(self) -> bytes:
        """Everything, in the Prometheus text format."""
        return generate_latest(self.registry)
