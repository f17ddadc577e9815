"""Wiring and lifecycle: open the case log, build the dispatcher, run adapters, shut down.

Shutdown (SIGINT, SIGTERM, or the console reaching end of input) stops the
adapters first, then flushes every pending case to the store, then closes it.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence
from dataclasses import dataclass

from advice.clock import SYSTEM_CLOCK, Clock
from bot.adapters.base import Adapter
from bot.adapters.registry import (
    ADAPTERS,
    AdapterEnv,
    AdapterUnavailable,
    build_adapter,
    require_configured,
)
from bot.settings import Settings, SettingsError
from commands.compute import ComputePool
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.handlers.check import work_out
from commands.ratelimit import RateLimiter
from commands.recent import Asked
from commands.services import Services
from storage.anonymize import IdHasher, load_or_create_secret
from storage.factory import open_store
from storage.interface import CaseStore
from storage.writer import CaseWriter, purge_loop

log = logging.getLogger(__name__)

WARM_UP_SITUATION = "$0 contract; two other contracts of $500 and $2,000, both 5 stars"


def hash_secret(settings: Settings, adapters: Sequence[str]) -> bytes:
    """The key for hashing ids: configured, or kept in the data folder for local use only."""
    if settings.case_hash_secret is not None:
        return settings.case_hash_secret.get_secret_value().encode()
    platforms = [name for name in adapters if ADAPTERS[name][2] is not None]
    if platforms:
        raise SettingsError(
            f"CASE_HASH_SECRET: must be set to run the {' and '.join(platforms)} adapter; "
            'generate one with: python -c "import secrets; print(secrets.token_hex(32))"'
        )
    return load_or_create_secret(settings.data_dir)


@dataclass
class Runtime:
    """The open services of a running bot."""

    store: CaseStore
    writer: CaseWriter
    dispatcher: Dispatcher
    compute: ComputePool
    retention: asyncio.Task[None] | None = None

    async def close(self) -> None:
        """Stop the retention task, flush pending cases, close the store and the workers."""
        if self.retention is not None:
            self.retention.cancel()
            await asyncio.gather(self.retention, return_exceptions=True)
        await self.writer.stop()
        await self.store.close()
        await asyncio.to_thread(self.compute.close)


async def open_runtime(settings: Settings, secret: bytes, clock: Clock = SYSTEM_CLOCK) -> Runtime:
    """Open the case log (applying migrations) and build the dispatcher on it.

    `clock` is the one clock of the whole bot: every date it uses comes from it.
    """
    store = open_store(settings.database_url, clock)
    await store.start()
    writer = CaseWriter(store)
    await writer.start()
    compute = ComputePool(settings.engine_processes)
    compute.start()
    # The first answer should not wait for the workers to start and import the engine.
    await compute.run(work_out, Asked(WARM_UP_SITUATION, clock.today()))
    services = Services(
        store=store, recorder=writer, hasher=IdHasher(secret), clock=clock, compute=compute
    )
    limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    # CASE_RETENTION_DAYS applied now and then daily while the bot runs.
    retention = asyncio.create_task(
        purge_loop(store, settings.case_retention_days, clock), name="case-retention"
    )
    dispatcher = Dispatcher(services, HANDLERS, limiter)
    return Runtime(store, writer, dispatcher, compute, retention)


async def run_bot(
    settings: Settings,
    adapter_names: Sequence[str],
    *,
    moderator: bool,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Run the named adapters until a signal or until every adapter has finished."""
    for name in adapter_names:
        require_configured(name, settings)
    runtime = await open_runtime(settings, hash_secret(settings, adapter_names), clock)
    env = AdapterEnv(settings, runtime.dispatcher, console_moderator=moderator)
    adapters: list[Adapter] = []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        for name in adapter_names:
            adapter = build_adapter(name, env)
            adapters.append(adapter)  # stopped below even if it fails half-way through start
            await _start(name, adapter)
        await _until_done(stop, adapters)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        for adapter in adapters:
            await adapter.stop()
        await runtime.close()
        log.info("stopped; case log flushed and closed")
    return 0


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
    waits = [asyncio.create_task(stop.wait()), asyncio.create_task(_all_finished(adapters))]
    _, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


async def _all_finished(adapters: Sequence[Adapter]) -> None:
    await asyncio.gather(*(adapter.finished.wait() for adapter in adapters))
