"""Fuzz the situation parser: random inputs, only ParseError may escape.

Usage: python bench/fuzz_parser.py [COUNT] [SEED]   (default 100000 inputs)
Prints the count, the failures (with the first few inputs) and the elapsed time.
"""

from __future__ import annotations

import random
import sys
import time
import traceback
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commands.parsing import ParseError, parse_situation

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


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2024)
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
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
