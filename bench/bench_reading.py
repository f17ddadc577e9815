"""Reading accuracy: the share of facts of the reading corpus the reader gets right.

    python bench/bench_reading.py            # totals, by field, and every misreading
    python bench/bench_reading.py --quiet    # totals and by field only
    python bench/bench_reading.py --write-known   # rewrite the test's known misreadings

Goal (issue 13): at least 95% of fields read right. Prints figures only.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus.reading import KNOWN, Field, check, misreading, posts, tally

KNOWN_HEADER = """\
# Fields of tests/corpus/reading.toml the reader gets wrong today, one "post: field" a line.
# tests/test_corpus_reading.py holds this list exact: a fix takes its line off, a new
# misreading fails. Rewritten by: python bench/bench_reading.py --write-known
"""


def field_kind(field: Field) -> str:
    """A field's name without its contract number, so facts of all contracts add up."""
    return field.name.split(" ", 2)[-1] if field.name.startswith("contract ") else field.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="leave out the misreadings")
    parser.add_argument(
        "--write-known", action="store_true", help="rewrite the test's list of misreadings"
    )
    args = parser.parse_args()
    fields = [field for post in posts() for field in check(post)]
    if args.write_known:
        wrong = [misreading(field) for field in fields if not field.right]
        KNOWN.write_text(KNOWN_HEADER + "".join(f"{line}\n" for line in wrong), encoding="utf-8")
    total = tally(fields)
    print(f"fields read right: {total.right}/{total.total} = {total.share:.1%} (goal 95%)")
    by_kind: dict[str, list[Field]] = defaultdict(list)
    for field in fields:
        by_kind[field_kind(field)].append(field)
    for kind, group in sorted(by_kind.items(), key=lambda item: tally(item[1]).share):
        share = tally(group)
        print(f"  {kind:<22} {share.right:>4}/{share.total:<4} {share.share:6.1%}")
    if not args.quiet:
        print("misreadings:")
        for field in fields:
            if not field.right:
                print(f"  {field.post}: {field.name}: want {field.expected!r}, read {field.read!r}")


if __name__ == "__main__":
    main()
