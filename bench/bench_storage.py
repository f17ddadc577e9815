"""Case log benchmark: ingest rate against a bare aiosqlite insert loop, and search
latency over a large SQLite case log.

    python bench/bench_storage.py              # 1,000,000 cases
    python bench/bench_storage.py --cases 100000

Targets (issue 5): ingest at least half the bare insert rate; search p95 under
20 ms on SQLite. Prints figures only; nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiosqlite

from storage.anonymize import IdHasher, new_case_id
from storage.interface import CaseDraft, CaseQuery
from storage.rows import CASE_COLUMNS, COUNT_LIMIT, dump_json
from storage.sqlite import SqliteCaseStore
from storage.summary import write_summary
from storage.writer import CaseWriter

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


def make_drafts(
    n: int, rng: random.Random, summaries: list[str], start: int = 0
) -> list[CaseDraft]:
    """n drafts spread evenly over the weeks, in week order (as a live log fills)."""
    drafts = []
    for i in range(start, start + n):
        week = FIRST_WEEK + timedelta(weeks=(i * WEEKS) // max(start + n, 1))
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
                community_hash=HASHER.hash("community", str(rng.randrange(50))),
                ruleset=rng.choice(RULESETS),
                situation={"contracts": [{"client": "A", "earnings": 5600}], "intents": ["impact"]},
                estimate={"shown": True, "likely": 85.0, "best": 90.0, "worst": 80.0},
                advice_ids=tuple(rng.sample(ADVICE, 3)),
                tags=tags,
                summary=rng.choice(summaries),
            )
        )
    return drafts


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
    drafts = make_drafts(n, random.Random(1), summaries)

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


async def bench_search(folder: Path, n: int, queries: int, summaries: list[str]) -> None:
    store = SqliteCaseStore(folder / "search.db")
    await store.start()
    rng = random.Random(2)
    started = time.perf_counter()
    chunk = 50_000
    for i in range(0, n, chunk):
        # One transaction per large batch through the store's own record_many, so
        # the tables, terms and full-text index are what the bot itself writes.
        await store.record_many(make_drafts(min(chunk, n - i), rng, summaries, start=i))
    built = time.perf_counter() - started
    print(f"\nsearch over {n:,} cases (built in {built:.0f} s, {n / built:,.0f} cases/s)")

    tag_names, tag_weights = list(TAGS), list(TAGS.values())

    def window() -> CaseQuery:
        since = FIRST_WEEK + timedelta(weeks=rng.randrange(WEEKS - 4))
        return CaseQuery(since=since, until=since + timedelta(weeks=4))

    kinds: dict[str, Callable[[], CaseQuery]] = {
        "tag": lambda: CaseQuery(tags=(rng.choices(tag_names, tag_weights)[0],)),
        "advice": lambda: CaseQuery(advice_ids=(rng.choice(ADVICE),)),
        "date range (4 weeks)": window,
        "words (FTS)": lambda: CaseQuery(words=rng.choice(WORDS)),
        "tag + words + range": lambda: CaseQuery(
            tags=("threat",), words=rng.choice(WORDS), since=window().since
        ),
    }
    for label, make in kinds.items():
        timings = []
        totals = []
        for _ in range(queries):
            query = make()
            begun = time.perf_counter()
            page = await store.search(query)
            timings.append((time.perf_counter() - begun) * 1000)
            totals.append(page.total)
        timings.sort()
        p50, p95, p99 = (timings[int(len(timings) * q) - 1] for q in (0.50, 0.95, 0.99))
        print(
            f"  {label:<22} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  p99 {p99:6.2f} ms"
            f"   (matches counted, up to {COUNT_LIMIT:,}: median {statistics.median(totals):,.0f})"
        )
    await store.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases in the search log")
    parser.add_argument("--ingest", type=int, default=20_000, help="cases for the ingest runs")
    parser.add_argument("--batch", type=int, default=500, help="record_many batch size")
    parser.add_argument("--queries", type=int, default=300, help="queries per kind")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the files")
    args = parser.parse_args()
    summaries = sample_summaries(random.Random(0))
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        await bench_ingest(folder, args.ingest, args.batch, summaries)
        await bench_search(folder, args.cases, args.queries, summaries)


if __name__ == "__main__":
    asyncio.run(main())
