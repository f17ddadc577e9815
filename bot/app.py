"""Wiring and lifecycle: open the case log, build the dispatcher, run adapters, shut down.

Shutdown (SIGINT, SIGTERM, the console reaching end of input, or an adapter
failing for good) stops the adapters first, each delivering the answers under
way or a short apology, then flushes every pending case to the store, then
closes it, all within SHUTDOWN_TIMEOUT whatever the network does. A signal
during start ends the start. What the exit status says:

- 0: stopped cleanly, every case stored;
- 1: an adapter failed for good (a supervisor should restart the bot);
- 3: cases that could not be stored were lost (the log says how many).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from advice.clock import SYSTEM_CLOCK, Clock
from bot.adapters.base import Adapter
from bot.adapters.registry import (
    ADAPTERS,
    AdapterEnv,
    AdapterUnavailable,
    build_adapter,
    require_configured,
)
from bot.health import HealthServer
from bot.metrics import Metrics
from bot.settings import Settings, SettingsError
from commands.compute import WORKER_NICENESS, ComputePool
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.handlers.check import work_out
from commands.ratelimit import RateLimit, RateLimiter, SharedRateLimiter
from commands.recent import Asked
from commands.services import Services
from storage.anonymize import IdHasher, load_or_create_secret
from storage.bounded import BoundedBuckets, BoundedStore
from storage.factory import open_store
from storage.interface import StoreError
from storage.postgres import PostgresCaseStore
from storage.writer import CaseWriter, purge_loop

log = logging.getLogger(__name__)

T = TypeVar("T")

WARM_UP_SITUATION = "$0 contract; two other contracts of $500 and $2,000, both 5 stars"
EXIT_OK = 0
EXIT_ADAPTER_FAILED = 1
EXIT_CASES_LOST = 3
RATE_CHECK_TIMEOUT = 0.5
"""Longest a command waits on the shared rate limit before this process counts alone."""


class Interrupted(Exception):
    """A signal arrived while the bot was starting."""


class StartError(RuntimeError):
    """Something the bot needs at start cannot be had (a port in use); says what."""


def hash_secret(settings: Settings, adapters: Sequence[str]) -> bytes:
    """The key for hashing ids: configured, or kept in the data folder for local use only."""
    if settings.case_hash_secret is not None:
        return settings.case_hash_secret.get_secret_value().encode()
    platforms = [name for name in adapters if ADAPTERS[name][2]]
    if platforms:
        raise SettingsError(
            f"CASE_HASH_SECRET: must be set to run the {' and '.join(platforms)} adapter; "
            'generate one with: python -c "import secrets; print(secrets.token_hex(32))"'
        )
    return load_or_create_secret(settings.data_dir)


@dataclass
class Runtime:
    """The open services of a running bot."""

    store: BoundedStore
    writer: CaseWriter
    dispatcher: Dispatcher
    compute: ComputePool
    metrics: Metrics
    retention: asyncio.Task[None] | None = None
    adapters: list[Adapter] = field(default_factory=list)

    async def close(self, flush_timeout: float = 5.0, close_timeout: float = 2.0) -> int:
        """Stop the retention task, flush pending cases, close the store and the workers.

        Returns how many cases could not be stored (lost with this process).
        """
        if self.retention is not None:
            self.retention.cancel()
            await asyncio.gather(self.retention, return_exceptions=True)
        lost = await self.writer.stop(timeout=flush_timeout) + self.writer.dropped
        try:
            async with asyncio.timeout(close_timeout):
                await self.store.close()
        except (TimeoutError, StoreError) as error:
            log.warning("the case log did not close cleanly (%s)", type(error).__name__)
        await asyncio.to_thread(self.compute.close)
        return lost


def rate_limit(settings: Settings, store: BoundedStore, clock: Clock) -> RateLimit:
    """The per-member rate limit: shared by every process on a PostgreSQL case log (which
    is what several processes use), else counted in this one."""
    in_memory = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    if not isinstance(store.inner, PostgresCaseStore):
        return in_memory
    # A member's command waits on this check; a store slower than this is treated as away.
    buckets = BoundedBuckets(store.inner, timeout=min(settings.store_timeout, RATE_CHECK_TIMEOUT))
    return SharedRateLimiter(buckets, in_memory, clock=clock)


async def open_runtime(settings: Settings, secret: bytes, clock: Clock = SYSTEM_CLOCK) -> Runtime:
    """Open the case log (applying migrations) and build the dispatcher on it.

    `clock` is the one clock of the whole bot: every date it uses comes from it.
    Whatever fails half-way is closed again before the error goes up.
    """
    hasher = IdHasher(secret)
    busy_ms = int(settings.store_timeout * 1000)
    store = BoundedStore(
        open_store(
            settings.database_url,
            clock,
            busy_timeout_ms=busy_ms,
            migrate=settings.database_migrate_at_start,
            # Writes stand back from the event loop, as engine workers of the default
            # priority do; not to the idle policy, which could leave lookups waiting.
            thread_niceness=WORKER_NICENESS,
        ),
        timeout=settings.store_timeout,
    )
    await store.start()
    writer = CaseWriter(store)
    compute = ComputePool(settings.engine_processes, settings.engine_priority)
    try:
        await writer.start()
        compute.start()
        # The first answer should not wait for the workers to start and import the engine.
        await compute.run(work_out, Asked(WARM_UP_SITUATION, clock.today()))
    except BaseException:
        await writer.stop(timeout=1.0)
        await store.close()
        await asyncio.to_thread(compute.close)
        raise
    services = Services(store=store, recorder=writer, hasher=hasher, clock=clock, compute=compute)
    limiter = rate_limit(settings, store, clock)
    metrics = Metrics()
    dispatcher = Dispatcher(services, HANDLERS, limiter, observer=metrics)
    # CASE_RETENTION_DAYS applied now and then daily while the bot runs.
    retention = asyncio.create_task(
        purge_loop(store, settings.case_retention_days, clock), name="case-retention"
    )
    runtime = Runtime(store, writer, dispatcher, compute, metrics, retention)
    metrics.watch(runtime.writer, runtime.adapters)
    return runtime


async def run_bot(
    settings: Settings,
    adapter_names: Sequence[str],
    *,
    moderator: bool,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Run the named adapters until a signal, until every adapter has finished, or until
    one fails for good; returns the exit status (see the module's docstring)."""
    for name in adapter_names:
        require_configured(name, settings)
    secret = hash_secret(settings, adapter_names)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        runtime = await _unless_stopped(stop, open_runtime(settings, secret, clock))
        return await _serve(settings, runtime, adapter_names, stop, moderator=moderator)
    except Interrupted:
        log.info("stopped while starting")
        return EXIT_OK
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


async def _serve(
    settings: Settings,
    runtime: Runtime,
    adapter_names: Sequence[str],
    stop: asyncio.Event,
    *,
    moderator: bool,
) -> int:
    env = AdapterEnv(
        settings, runtime.dispatcher, console_moderator=moderator, installations=runtime.store
    )
    adapters = runtime.adapters
    health = HealthServer(runtime.metrics, runtime.store, runtime.writer, adapters)
    try:
        if settings.health_port is not None:
            try:
                await health.start(settings.health_host, settings.health_port)
            except OSError as error:
                raise StartError(
                    f"HEALTH_PORT {settings.health_port} cannot be used: {error.strerror}"
                ) from None
        for name in adapter_names:
            adapter = build_adapter(name, env)
            adapters.append(adapter)  # stopped below even if it fails half-way through start
            await _unless_stopped(stop, _start(name, adapter))
        keep_out_of_collections()
        await _until_done(stop, adapters)
    except Interrupted:
        log.info("stopped while starting")
    finally:
        lost = await _shut_down(settings, runtime, adapters)
        await health.stop()
    failed = [adapter.name for adapter in adapters if adapter.failure is not None]
    if lost:
        log.error("stopped; %d cases could not be stored and are lost", lost)
        return EXIT_CASES_LOST
    if failed:
        log.error("stopped because the %s adapter failed", " and ".join(failed))
        return EXIT_ADAPTER_FAILED
    log.info("stopped; every case stored, case log closed")
    return EXIT_OK


def keep_out_of_collections() -> None:
    """Leave what start-up built (modules, settings, clients) out of every later garbage
    collection: the oldest generation's collection walks every object it holds, and on
    a bot that has loaded its libraries that stops the event loop for tens of ms, with
    every member's acknowledgement waiting behind it."""
    gc.collect()  # start-up's garbage, freed now rather than kept for good
    gc.freeze()


async def _shut_down(settings: Settings, runtime: Runtime, adapters: Sequence[Adapter]) -> int:
    """Stop the adapters (answers under way delivered), then flush and close the case log,
    within the shutdown budget; returns how many cases were lost."""
    budget = settings.shutdown_timeout
    # Most of the budget goes to members waiting for an answer (the adapters' own
    # grace and apologies fit in it); the flush and the close share the rest.
    for adapter in adapters:
        try:
            async with asyncio.timeout(budget * 0.6):
                await adapter.stop()
        except TimeoutError:
            log.warning("the %s adapter did not stop in time; closing anyway", adapter.name)
        except Exception as error:
            log.warning("the %s adapter stopped with %s", adapter.name, type(error).__name__)
    return await runtime.close(flush_timeout=budget * 0.2, close_timeout=budget * 0.1)


async def _unless_stopped(stop: asyncio.Event, work: Awaitable[T]) -> T:
    """`work`'s result, unless a signal comes first: then `Interrupted`."""
    task = asyncio.ensure_future(work)
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
    raise Interrupted


async def _start(name: str, adapter: Adapter) -> None:
    """Start one adapter; a platform that cannot be reached or refuses the token is one
    clear error, not a traceback."""
    try:
        await adapter.start()
    except (AdapterUnavailable, asyncio.CancelledError):
        raise
    except Exception as error:
        log.debug("the %s adapter failed to start", name, exc_info=True)
        raise AdapterUnavailable(
            f"the {name} adapter could not start: {type(error).__name__}: {error}"
        ) from None
    log.info("%s adapter started", name)


async def _until_done(stop: asyncio.Event, adapters: Sequence[Adapter]) -> None:
    waits = [asyncio.create_task(stop.wait()), asyncio.create_task(_finished(adapters))]
    _, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


async def _finished(adapters: Sequence[Adapter]) -> None:
    """Returns once every adapter has finished, or any one has failed for good."""
    running = list(adapters)
    while running and not any(adapter.failure is not None for adapter in adapters):
        waits = [asyncio.create_task(adapter.finished.wait()) for adapter in running]
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in waits:
            task.cancel()
        running = [adapter for adapter in running if not adapter.finished.is_set()]
