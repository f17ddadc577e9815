"""Case log benchmark: search latency per query kind over a large case log, on SQLite or
PostgreSQL, and (SQLite) ingest against a bare aiosqlite insert loop.

    python bench/bench_storage.py --backend sqlite --cases 1000000
    python bench/bench_storage.py --backend postgresql --cases 1000000
    python bench/bench_storage.py --backend sqlite --cases 100000 --ingest 20000

The log is built once with batched record_many (as the bot writes it) and kept for the
next run: SQLite under --dir (default /tmp/jss-bench), PostgreSQL as database
`jss_bench_<N>` on the --dsn server. Every query is scoped to one of 50 communities, as
a moderator's is. The log is first read once into memory, and one pass of every kind
runs and is not counted, so that the figures are of a log in use, not of one read from
disk; that pass's worst p95 is printed.
Target (issue 15): search p95 under 20 ms for the worst kind. The last line is
`search p95 worst kind: X ms (BACKEND, N cases)`. Prints figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg

from bench.case_log import (
    ADVICE,
    COMMUNITIES,
    FIRST_WEEK,
    RULESETS,
    TAGS,
    WEEKS,
    WORDS,
    community,
    make_drafts,
    sample_summaries,
)
from bench.storage_ingest import bench_ingest
from storage.interface import CasePage, CaseQuery, CaseStore
from storage.postgres import PostgresCaseStore
from storage.rows import COUNT_LIMIT
from storage.sqlite import SqliteCaseStore

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"


def open_store(backend: str, args: argparse.Namespace) -> CaseStore:
    if backend == "sqlite":
        return SqliteCaseStore(args.dir / f"search_{args.cases}.db")
    return PostgresCaseStore(dsn_for(args.dsn, f"jss_bench_{args.cases}"))


def dsn_for(dsn: str, database: str) -> str:
    return f"{dsn.rpartition('/')[0]}/{database}"


async def ensure_database(args: argparse.Namespace) -> None:
    """The PostgreSQL bench database, created when missing (kept for the next run)."""
    name = f"jss_bench_{args.cases}"
    conn = await asyncpg.connect(args.dsn, timeout=10)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def build(store: CaseStore, args: argparse.Namespace, summaries: list[str]) -> None:
    """Fill the log to n cases with batched record_many, unless a run already did."""
    n = args.cases
    # Writes are idempotent by event: the last case written anew means no earlier
    # run finished the log (the build below then skips it like any logged event).
    last = make_drafts(n - 1, 1, n, random.Random(0), summaries)[0]
    if (await store.record_many([last]))[0] != last.case_id:
        print(f"search log: reusing the {args.backend} log of {n:,} cases")
        return
    rng = random.Random(2)
    started = time.perf_counter()
    batch = 2_000
    for i in range(0, n, batch):
        await store.record_many(make_drafts(i, min(batch, n - i), n, rng, summaries))
    built = time.perf_counter() - started
    rate = n / built
    print(
        f"search log: built {n:,} cases in {built:.0f} s ({rate:,.0f} cases/s, {batch:,} a batch)"
    )
    if args.backend == "postgresql":
        # What autovacuum does soon after a bulk load: statistics and the visibility
        # map that index-only scans rely on.
        conn = await asyncpg.connect(dsn_for(args.dsn, f"jss_bench_{n}"))
        try:
            await conn.execute("VACUUM ANALYZE")
        finally:
            await conn.close()


async def read_into_memory(args: argparse.Namespace) -> None:
    """Read the whole log once, so that its pages are in memory as a log in use has them:
    this machine drops pages unread for a while, and a timed search that reads its pages
    from disk measures the disk."""
    started = time.perf_counter()
    if args.backend == "sqlite":
        read = await asyncio.to_thread(_read_files, args.dir.glob(f"search_{args.cases}.db*"))
    else:
        conn = await asyncpg.connect(dsn_for(args.dsn, f"jss_bench_{args.cases}"))
        try:
            await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            blocks = await conn.fetchval(
                "SELECT sum(pg_prewarm(oid, 'read')) FROM pg_class"
                " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i')"
            )
        finally:
            await conn.close()
        read = int(blocks) * 8192
    print(
        f"search log read into memory first: {read / 2**20:,.0f} MiB"
        f" in {time.perf_counter() - started:.1f} s"
    )


def _read_files(paths: Iterable[Path]) -> int:
    read = 0
    for path in paths:
        with path.open("rb") as file:
            while chunk := file.read(1 << 20):
                read += len(chunk)
    return read


def query_kinds(rng: random.Random) -> dict[str, Callable[[str], CaseQuery]]:
    """Every kind of query the moderator commands produce, each scoped to a community."""
    tag_names, tag_weights = list(TAGS), list(TAGS.values())

    def tag() -> str:
        return rng.choices(tag_names, tag_weights)[0]

    def since() -> date:
        return FIRST_WEEK + timedelta(weeks=rng.randrange(WEEKS - 4))

    def q(**criteria: object) -> Callable[[str], CaseQuery]:
        return lambda scope: CaseQuery(community_hash=scope, **criteria)  # type: ignore[arg-type]

    return {
        "everything (dates only)": lambda c: CaseQuery(community_hash=c),
        "tag": lambda c: CaseQuery(community_hash=c, tags=(tag(),)),
        "tags common+rare": q(tags=("impact", "use-perk")),
        "tags rare+common": q(tags=("use-perk", "impact")),
        "two tags, any": lambda c: CaseQuery(community_hash=c, tags=(tag(), tag())),
        "advice": lambda c: CaseQuery(community_hash=c, advice_ids=(rng.choice(ADVICE),)),
        "rule set": lambda c: CaseQuery(community_hash=c, ruleset=rng.choice(RULESETS)),
        "date range (4 weeks)": lambda c: CaseQuery(
            community_hash=c, since=(s := since()), until=s + timedelta(weeks=4)
        ),
        "word": lambda c: CaseQuery(community_hash=c, words=rng.choice(WORDS)),
        "two words": lambda c: CaseQuery(community_hash=c, words=" ".join(rng.sample(WORDS, 2))),
        "word without matches": q(words="unfunded"),
        "common word + rare tag": q(words="pending", tags=("use-perk",)),
        "rare tag + word + since": lambda c: CaseQuery(
            community_hash=c, tags=("scope-demand",), words=rng.choice(WORDS), since=since()
        ),
        "tag + words + range": lambda c: CaseQuery(
            community_hash=c,
            tags=(tag(),),
            words=rng.choice(WORDS),
            since=(s := since()),
            until=s + timedelta(weeks=8),
        ),
        "rule set + advice + tag": lambda c: CaseQuery(
            community_hash=c,
            ruleset=rng.choice(RULESETS),
            advice_ids=(rng.choice(ADVICE),),
            tags=(tag(),),
        ),
        "all kinds at once": lambda c: CaseQuery(
            community_hash=c,
            tags=(tag(),),
            advice_ids=(rng.choice(ADVICE),),
            ruleset=rng.choice(RULESETS),
            words=rng.choice(WORDS),
            since=since(),
        ),
    }


async def timed(store: CaseStore, query: CaseQuery) -> tuple[float, CasePage]:
    begun = time.perf_counter()
    page = await store.search(query)
    return (time.perf_counter() - begun) * 1000, page


PAGES = "next page by cursor"


@dataclass(frozen=True)
class KindTimes:
    """One query kind's latencies, ms, and the median count of matches (None for
    `PAGES`, which counts none)."""

    p50: float
    p95: float
    matches: float | None


async def time_kinds(store: CaseStore, rng: random.Random, queries: int) -> dict[str, KindTimes]:
    """Every query kind `queries` times, each in a random community; and (`PAGES`) the
    first pages after a broad search's, by cursor."""
    times: dict[str, KindTimes] = {}
    for label, make in query_kinds(rng).items():
        timings, totals = [], []
        for _ in range(queries):
            elapsed, page = await timed(store, make(community(rng.randrange(COMMUNITIES))))
            timings.append(elapsed)
            totals.append(page.total)
        p50, p95 = percentiles(timings)
        times[label] = KindTimes(p50, p95, statistics.median(totals))
    # Keyset pages: the page after one of a broad search, by its cursor.
    timings = []
    for _ in range(queries):
        first = await store.search(CaseQuery(community_hash=community(rng.randrange(50))))
        later = CaseQuery(community_hash=first.cases[0].draft.community_hash)
        for _ in range(rng.randrange(1, 20)):
            elapsed, page = await timed(store, replace(later, cursor=first.next_cursor))
            first = page
        timings.append(elapsed)
    times[PAGES] = KindTimes(*percentiles(timings), matches=None)
    return times


async def bench_search(store: CaseStore, backend: str, n: int, queries: int) -> None:
    # A pass first, not counted: a log just built, or pushed out of memory by other work,
    # is read from disk at first, and a moderator's searches run on one in use.
    warm_up = await time_kinds(store, random.Random(2), queries)
    print(
        f"search warm-up pass, not counted: worst p95 {max(k.p95 for k in warm_up.values()):.1f} ms"
    )
    times = await time_kinds(store, random.Random(3), queries)
    print(f"search over {n:,} cases ({backend}), {queries} queries per kind, ms")
    for label, kind in times.items():
        counted = (
            "pages 2 to 20"
            if kind.matches is None
            else f"matches counted, up to {COUNT_LIMIT:,}: median {kind.matches:,.0f}"
        )
        print(f"  {label:<26} p50 {kind.p50:6.2f}  p95 {kind.p95:6.2f}   ({counted})")
    worst = max(times, key=lambda label: times[label].p95)
    print(f"  worst kind: {worst}")
    print(f"search p95 worst kind: {times[worst].p95:.1f} ms ({backend}, {n:,} cases)")


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return ordered[len(ordered) // 2], ordered[max(int(len(ordered) * 0.95) - 1, 0)]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases in the search log")
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--ingest", type=int, default=0, help="SQLite ingest runs of N cases")
    parser.add_argument("--batch", type=int, default=500, help="ingest record_many batch size")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/jss-bench"), help="SQLite files")
    parser.add_argument("--dsn", default=ADMIN_DSN, help="PostgreSQL server (any database)")
    args = parser.parse_args()
    summaries = sample_summaries(random.Random(0))
    if args.ingest and args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            await bench_ingest(Path(tmp), args.ingest, args.batch, summaries)
    if args.backend == "sqlite":
        args.dir.mkdir(parents=True, exist_ok=True)
    else:
        await ensure_database(args)
    store = open_store(args.backend, args)
    await store.start()
    try:
        await build(store, args, summaries)
        await read_into_memory(args)
        await bench_search(store, args.backend, args.cases, args.queries)
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main())
