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
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiosqlite
import asyncpg

from storage.anonymize import IdHasher, new_case_id
from storage.interface import CaseDraft, CasePage, CaseQuery, CaseStore
from storage.postgres import PostgresCaseStore
from storage.rows import CASE_COLUMNS, COUNT_LIMIT, dump_json
from storage.sqlite import SqliteCaseStore
from storage.summary import write_summary
from storage.writer import CaseWriter

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"
HASHER = IdHasher(b"bench-secret-of-the-case-log-012")
FIRST_WEEK = date(2024, 1, 1)
WEEKS = 104
TAGS = {  # tag: share of cases carrying it
    "impact": 0.45, "end-contract": 0.30, "threat": 0.25, "zero-dollar": 0.20,
    "top-rated": 0.18, "open-contract": 0.12, "refund": 0.08, "dispute": 0.06,
    "no-score": 0.05, "dormant": 0.04, "feedback-removed": 0.03, "scope-demand": 0.02,
    "rising-talent": 0.02, "use-perk": 0.01, "unresponsive-client": 0.01,
}  # fmt: skip
ADVICE = [f"advice-{n:02d}" for n in range(24)]
RULESETS = ["2020", "2024", "2025"]
WORDS = ["threatened", "milestone", "refunded", "hourly", "pending", "negative", "unfunded"]


def sample_summaries(rng: random.Random, n: int = 400) -> list[str]:
    """Summaries the bot would write, from varied coarsened situations."""
    out = []
    for _ in range(n):
        contracts = [
            {
                "client": chr(65 + i),
                "earnings": rng.choice([0, 250, 1200, 5600, 10000]),
                "pay": rng.choice(["hourly", "fixed", "unknown"]),
                "status": rng.choice(["ended", "open"]),
                "feedback": rng.choice(["given", "pending", "none"]),
                "private_sentiment": rng.choice([None, "negative", "neutral"]),
                "refunded": rng.random() < 0.1,
                "in_question": i == 0,
            }
            for i in range(rng.randint(1, 6))
        ]
        situation = {
            "freelancer": {"badge": rng.choice(["top-rated", "none", None]), "shown_jss": 90},
            "contracts": contracts,
            "events": {
                "threat_of_bad_feedback": rng.random() < 0.25,
                "milestone_unfunded": rng.random() < 0.1,
                "client_unresponsive": rng.random() < 0.1,
            },
            "intents": rng.sample(["impact", "end-contract", "refund", "dispute"], 2),
        }
        estimate = {"shown": True, "likely": 85.0, "best": 90.0, "worst": 80.0}
        out.append(write_summary(situation, estimate, rng.sample(ADVICE, 2)))
    return out


COMMUNITIES = 50


def make_drafts(
    start: int, n: int, total: int, rng: random.Random, summaries: list[str]
) -> list[CaseDraft]:
    """Drafts start..start+n of a log of `total`, spread evenly over the weeks in week
    order (as a live log fills) and over the communities."""
    drafts = []
    for i in range(start, start + n):
        week = FIRST_WEEK + timedelta(weeks=(i * WEEKS) // max(total, 1))
        tags = tuple(tag for tag, share in TAGS.items() if rng.random() < share) or ("impact",)
        drafts.append(
            CaseDraft(
                case_id=new_case_id(),
                event_key=HASHER.event_key("bench", str(i)),
                created_week=week,
                platform="discord",
                channel_kind="slash",
                user_hash=HASHER.hash("user", str(rng.randrange(50_000))),
                channel_hash=HASHER.hash("channel", str(rng.randrange(500))),
                community_hash=community(rng.randrange(COMMUNITIES)),
                ruleset=rng.choice(RULESETS),
                situation={"contracts": [{"client": "A", "earnings": 5600}], "intents": ["impact"]},
                estimate={"shown": True, "likely": 85.0, "best": 90.0, "worst": 80.0},
                advice_ids=tuple(rng.sample(ADVICE, 3)),
                tags=tags,
                summary=rng.choice(summaries),
            )
        )
    return drafts


def community(n: int) -> str:
    return HASHER.hash("community", str(n))


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


@dataclass(frozen=True)
class KindTimes:
    """One query kind's latencies, ms, and the median count of matches."""

    p50: float
    p95: float
    matches: float


async def time_kinds(
    store: CaseStore, rng: random.Random, queries: int
) -> tuple[dict[str, KindTimes], float, float]:
    """Every query kind `queries` times, each in a random community; and the first pages
    after a broad search's, by cursor (p50, p95)."""
    times = {}
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
    return (times, *percentiles(timings))


async def bench_search(store: CaseStore, backend: str, n: int, queries: int) -> None:
    # A pass first, not counted: a log just built, or pushed out of memory by other work,
    # is read from disk at first, and a moderator's searches run on one in use.
    warm_up, _, warm_up_pages = await time_kinds(store, random.Random(2), queries)
    warm_up_worst = max(warm_up_pages, *(kind.p95 for kind in warm_up.values()))
    print(f"search warm-up pass, not counted: worst p95 {warm_up_worst:.1f} ms")
    times, pages_p50, pages_p95 = await time_kinds(store, random.Random(3), queries)
    print(f"search over {n:,} cases ({backend}), {queries} queries per kind, ms")
    for label, kind in times.items():
        print(
            f"  {label:<26} p50 {kind.p50:6.2f}  p95 {kind.p95:6.2f}"
            f"   (matches counted, up to {COUNT_LIMIT:,}: median {kind.matches:,.0f})"
        )
    pages = "next page by cursor"
    print(f"  {pages:<26} p50 {pages_p50:6.2f}  p95 {pages_p95:6.2f}   (pages 2 to 20)")
    worst = max(
        [(label, kind.p95) for label, kind in times.items()] + [("next page by cursor", pages_p95)],
        key=lambda item: item[1],
    )
    print(f"  worst kind: {worst[0]}")
    print(f"search p95 worst kind: {worst[1]:.1f} ms ({backend}, {n:,} cases)")


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
