"""Fuzz the situation parser: random inputs, only ParseError may escape; then search for
slow ones.

Usage: python bench/fuzz_parser.py [COUNT] [SEED] [--seconds S]
    (default 100000 inputs, then 60 s of searching)
Prints the count, the failures (with the first few inputs) and the elapsed time; then
how long the slowest input of at most the accepted length took against the typical
2,000-character forum post of bench_parser.py, and as its last line
`worst parse ratio: R` (goal: at most 10).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import time
import traceback
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_parser import POST
from commands.parsing import MAX_INPUT_CHARS, ParseError, parse_situation

GOAL_RATIO = 10.0

WORDS = [
    "$0",
    "$5,600",
    "5.6k",
    "USD",
    "2500",
    "$10,000",
    "fixed-price",
    "hourly",
    "$40/h",
    "0",
    "hours",
    "nothing",
    "paid",
    "10/10",
    "5",
    "stars",
    "4.6★",
    "⭐⭐⭐",
    "2",
    "stars",
    "no",
    "feedback",
    "bad",
    "private",
    "feedback",
    "likely",
    "negative",
    "review",
    "Top",
    "Rated",
    "not",
    "yet",
    "Rising",
    "Talent",
    "no",
    "JSS",
    "yet",
    "JSS",
    "92%",
    "lower",
    "part",
    "perk",
    "used",
    "a",
    "few",
    "days",
    "ago",
    "in",
    "March",
    "since",
    "January",
    "two",
    "weeks",
    "in",
    "three",
    "months",
    "threatened",
    "suggested",
    "would",
    "hurt",
    "us",
    "extra",
    "scope",
    "for",
    "free",
    "milestone",
    "unfunded",
    "funded",
    "but",
    "not",
    "released",
    "suspended",
    "reinstated",
    "ghosted",
    "dispute",
    "refund",
    "inactive",
    "dormant",
    "for",
    "4",
    "months",
    "said",
    "on",
    "a",
    "video",
    "call",
    "in",
    "the",
    "message",
    "room",
    "should",
    "I",
    "end",
    "it",
    "will",
    "it",
    "hurt",
    "can",
    "it",
    "be",
    "removed",
    "three",
    "other",
    "contracts",
    "of",
    "and",
    ",",
    "all",
    "went",
    "very",
    "well",
    "4",
    "jobs",
    "3",
    "with",
    "one",
    "the",
    "rest",
    "this",
    "contract",
    "another",
    "job",
    "same",
    "client",
    ";",
    ".",
    "?",
    "0",
    "neg-private",
    "ask",
    "5600",
    "5*",
    "4mo",
    "top-rated",
    "perk-used:2024-03-02",
    "as-of:2024-08-01",
    "client:A",
    "open",
    "no-fb",
    "expect-neg",
    "intent:impact",
    "jss:92",
    "@everyone",
    "@here",
    "<@123>",
    "<@&5>",
    "<#9>",
    "<!channel>",
    "**",
    "__",
    "~~",
    "`",
    ">",
    "#",
    "-",
    "😀",
    "✅",
    "контракт",
    "契約",
    "عقد",
    "2019",
    "92%",
    "1e9",
    "9999999999999",
    "-5",
    "½",
    "①",
    "١٢٣",
]
ALPHABET = "abcxyz $,.%/*★⭐0123456789:;?!-\n\t\x00\x1b\u200b\u202e@<>#&_~`😀éñ契"


def random_input(rng: random.Random) -> str:
    """One input: a word soup from the grammar, raw characters, or both mixed."""
    style = rng.random()
    if style < 0.5:
        words = [rng.choice(WORDS) for _ in range(rng.randint(0, 40))]
        return " ".join(words)
    if style < 0.8:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 200)))
    parts = [
        rng.choice(WORDS) if rng.random() < 0.6 else chr(rng.randint(0, 0x2FFFF))
        for _ in range(rng.randint(0, 60))
    ]
    return rng.choice(["", " ", ";", ", "]).join(parts)


def fuzz(count: int, rng: random.Random) -> int:
    """Parse `count` random inputs; only ParseError may escape. Returns the failures."""
    failures: list[tuple[str, str]] = []
    parsed = refused = 0
    started = time.perf_counter()
    for _ in range(count):
        text = random_input(rng)
        as_of = date(2015, 1, 1) + timedelta(days=rng.randint(0, 5000))
        try:
            parse_situation(text, as_of=as_of)
            parsed += 1
        except ParseError:
            refused += 1
        except Exception:
            failures.append((text, traceback.format_exc(limit=3)))
    elapsed = time.perf_counter() - started
    print(f"inputs: {count}  parsed: {parsed}  refused (ParseError): {refused}")
    print(f"failures: {len(failures)}  elapsed: {elapsed:.1f} s  ({count / elapsed:,.0f} inputs/s)")
    for text, trace in failures[:5]:
        print("---", repr(text[:200]))
        print(trace)
    return len(failures)


def cpu_cost(text: str, runs: int = 3) -> float:
    """The least CPU time of parsing `text` (the least of a few runs is the least noisy)."""
    costs = []
    for _ in range(runs):
        started = time.thread_time()
        with contextlib.suppress(ParseError):
            parse_situation(text, as_of=AS_OF)
        costs.append(time.thread_time() - started)
    return min(costs)


AS_OF = date(2026, 12, 2)
TYPICAL_EVERY = 200
"""Inputs tried between two measures of the typical post's cost."""


def long_input(unit: str) -> str:
    """`unit` said over and over up to the accepted length: repetition is what makes
    work grow (counts, amounts, scores, lines of a list)."""
    return (unit * (MAX_INPUT_CHARS // max(len(unit), 1) + 1))[:MAX_INPUT_CHARS]


def random_unit(rng: random.Random) -> str:
    """A short piece of a post: a few words of the grammar, sometimes ending a line."""
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
    return words + rng.choice([" ", ". ", ", ", "\n", "\n- ", "? "])


def mutate(unit: str, rng: random.Random) -> str:
    """The unit with one word added, dropped or swapped: to climb toward slower inputs."""
    words = unit.split(" ")
    choice = rng.random()
    if choice < 0.4 or len(words) < 2:
        words.insert(rng.randint(0, len(words)), rng.choice(WORDS))
    elif choice < 0.7:
        words.pop(rng.randrange(len(words)))
    else:
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def search_slow(seconds: float, rng: random.Random) -> float:
    """Look for the slowest input for `seconds`; returns its cost over the typical post's."""
    worst_unit, worst, typical = "", 0.0, 0.0
    tried = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        unit = mutate(worst_unit, rng) if worst_unit and rng.random() < 0.6 else random_unit(rng)
        # Each against the typical post's cost, taken again now and then: the machine's
        # speed drifts over a minute, and a cost is only slow next to one of its moment.
        if tried % TYPICAL_EVERY == 0:
            typical = statistics.median(cpu_cost(POST, runs=1) for _ in range(20))
        cost = cpu_cost(long_input(unit), runs=1) / typical
        tried += 1
        if cost > worst:
            cost = cpu_cost(long_input(unit)) / typical  # confirmed, not a moment of noise
            if cost > worst:
                worst_unit, worst = unit, cost
    slow, usual = costs_in_turns(long_input(worst_unit), POST)
    print(f"typical 2,000-character post: {usual * 1000:.2f} ms CPU")
    print(f"searched {tried} inputs of {MAX_INPUT_CHARS:,} characters for {seconds:.0f} s")
    print(f"slowest: {slow * 1000:.2f} ms CPU, repeating {worst_unit[:60]!r}")
    return slow / usual


def costs_in_turns(slow: str, typical: str, rounds: int = 9) -> tuple[float, float]:
    """The median CPU cost of `slow` and of `typical`, measured in turns (A B A B ...), so
    that a change in the machine's speed weighs on both alike."""
    slow_costs, typical_costs = [], []
    for _ in range(rounds):
        slow_costs.append(cpu_cost(slow, runs=1))
        typical_costs.extend(cpu_cost(typical, runs=1) for _ in range(5))
    return statistics.median(slow_costs), statistics.median(typical_costs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=100_000)
    parser.add_argument("seed", nargs="?", type=int, default=2024)
    parser.add_argument("--seconds", type=float, default=60.0, help="time to search slow inputs")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = fuzz(args.count, rng)
    ratio = search_slow(args.seconds, rng)
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(f"goal: at most {GOAL_RATIO:.0f}x the typical post: {verdict}")
    print(f"worst parse ratio: {ratio:.1f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
