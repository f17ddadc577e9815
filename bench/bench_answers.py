"""Answer quality: how many posts of the answers corpus the bot answers as a veteran would.

    python bench/bench_answers.py                # totals, by check, and every miss
    python bench/bench_answers.py --write-known  # rewrite the test's known misses

Prints figures only; tests/test_corpus_answers.py holds each post's misses exact.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus.answers import KNOWN, check, miss_names, posts

KNOWN_HEADER = """\
# What the bot's answers to tests/corpus/answers.toml get wrong today, "post: check" a line.
# tests/test_corpus_answers.py holds this list exact: a fix takes its line off, a new miss
# fails. Rewritten by: python bench/bench_answers.py --write-known
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-known", action="store_true", help="rewrite the known misses")
    args = parser.parse_args()
    results = {post["id"]: check(post) for post in posts()}
    if args.write_known:
        lines = [
            f"{post}: {name}"
            for post, wrong in results.items()
            for name in sorted(miss_names(wrong))
        ]
        KNOWN.write_text(KNOWN_HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")

    right = sum(1 for wrong in results.values() if not wrong)
    print(f"posts answered as expected: {right}/{len(results)}")
    by_check = Counter(name for wrong in results.values() for name in miss_names(wrong))
    for name, count in by_check.most_common():
        print(f"  {name:<16} missed in {count} posts")
    for post, wrong in results.items():
        for line in wrong:
            print(f"  {post}: {line}")


if __name__ == "__main__":
    main()
