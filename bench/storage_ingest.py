"""SQLite ingest for the storage bench: the store's writes (one by one, batched, through
the case writer) against a bare aiosqlite insert loop of the same columns."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiosqlite

from bench.case_log import make_drafts
from storage.interface import CaseDraft
from storage.rows import CASE_COLUMNS, dump_json
from storage.sqlite import SqliteCaseStore
from storage.writer import CaseWriter


async def bare_connection(path: Path) -> aiosqlite.Connection:
    """The comparison: the same columns in a plain table, same journal settings."""
    db = await aiosqlite.connect(path)
    await db.execute("PRAGMA journal_mode = WAL")
    await db.execute("PRAGMA synchronous = NORMAL")
    columns = ", ".join(f"{column} TEXT" for column in CASE_COLUMNS)
    await db.execute(f"CREATE TABLE cases (seq INTEGER PRIMARY KEY, {columns})")
    await db.commit()
    return db


def bare_row(draft: CaseDraft) -> tuple[str | None, ...]:
    return (
        draft.case_id, draft.event_key, draft.created_week.isoformat(), draft.platform,
        draft.channel_kind, draft.user_hash, draft.channel_hash, draft.community_hash,
        draft.ruleset, dump_json(draft.situation), dump_json(draft.estimate),
        dump_json(list(draft.advice_ids)), dump_json(list(draft.tags)), draft.summary,
    )  # fmt: skip


BARE_INSERT = (
    f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) VALUES ({', '.join('?' * len(CASE_COLUMNS))})"
)


async def rate(n: int, work: Callable[[], Awaitable[None]]) -> float:
    started = time.perf_counter()
    await work()
    return n / (time.perf_counter() - started)


async def bench_ingest(folder: Path, n: int, batch: int, summaries: list[str]) -> None:
    """Rows are built from drafts inside every timed loop: any writer has to."""
    drafts = make_drafts(0, n, n, random.Random(1), summaries)

    bare = await bare_connection(folder / "bare_loop.db")

    async def bare_loop() -> None:
        for draft in drafts:
            await bare.execute(BARE_INSERT, bare_row(draft))
            await bare.commit()

    bare_loop_rate = await rate(n, bare_loop)
    await bare.close()

    bare = await bare_connection(folder / "bare_batch.db")

    async def bare_batched() -> None:
        for i in range(0, n, batch):
            await bare.executemany(BARE_INSERT, [bare_row(d) for d in drafts[i : i + batch]])
            await bare.commit()

    bare_batch_rate = await rate(n, bare_batched)
    await bare.close()

    store = SqliteCaseStore(folder / "store_single.db")
    await store.start()

    async def store_single() -> None:
        for draft in drafts:
            await store.record(draft)

    single_rate = await rate(n, store_single)
    await store.close()

    store = SqliteCaseStore(folder / "store_batch.db")
    await store.start()

    async def store_batched() -> None:
        for i in range(0, n, batch):
            await store.record_many(drafts[i : i + batch])

    batch_rate = await rate(n, store_batched)
    await store.close()

    store = SqliteCaseStore(folder / "store_writer.db")
    await store.start()
    writer = CaseWriter(store, timeout=5.0)
    submitters = 64  # answers in flight at once, as under a burst of commands

    async def via_writer() -> None:
        async def answer(part: list[CaseDraft]) -> None:
            for draft in part:
                await writer.submit(draft)

        await asyncio.gather(*(answer(drafts[k::submitters]) for k in range(submitters)))
        await writer.flush(60)

    writer_rate = await rate(n, via_writer)
    await writer.stop()
    await store.close()

    print(f"ingest, {n:,} cases (store: cases + terms + full-text index + 4 unique/lookup indexes)")
    print(f"  bare aiosqlite insert loop (insert + commit each) {bare_loop_rate:>9,.0f} rows/s")
    print(f"  bare executemany, {batch} per commit{'':<16}{bare_batch_rate:>9,.0f} rows/s")
    print(
        f"  store.record, one per call{'':<22}{single_rate:>9,.0f} cases/s"
        f"   {single_rate / bare_loop_rate:.2f} x bare loop (target >= 0.50)"
    )
    print(
        f"  store.record_many, {batch} per call{'':<15}{batch_rate:>9,.0f} cases/s"
        f"   {batch_rate / bare_loop_rate:.2f} x bare loop (target >= 0.50),"
        f" {batch_rate / bare_batch_rate:.2f} x bare executemany"
    )
    print(
        f"  writer.submit, {submitters} concurrent submitters{'':<7}{writer_rate:>9,.0f} cases/s"
        f"   {writer_rate / bare_loop_rate:.2f} x bare loop (group commit)"
    )
