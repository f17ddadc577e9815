"""Time the situation parser: a realistic 2,000-character forum post and a 6,000-character
adversarial input. Prints median, p99 and throughput. Target: under 2 ms median for the post.

Usage: python bench/bench_parser.py [RUNS]   (default 2000)
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commands.parsing import MAX_INPUT_CHARS, ParseError, parse_situation

AS_OF = date(2024, 8, 1)
POST = (
    "Hi everyone, I need some advice about my Job Success Score before I do something I "
    "regret. I'm not yet Top Rated, my JSS is 88% and I've been freelancing since 2021.\n\n"
    "Here is the situation. I have a $0 contract with a client who hired me in March for a "
    "website redesign. We agreed on a $1,500 fixed-price milestone, but the milestone was never "
    "funded. I did some initial work anyway (about 10 hours). Two weeks ago the client asked "
    "for extra pages and a new booking feature without paying more. When I said no, he "
    "suggested that a negative review would hurt us both, which I read as a threat. He said "
    "it on a video call, not in writing, although he later wrote something similar in the "
    "message room. Since then he has stopped responding.\n\n"
    "My other work: three other contracts of $5,600, $2,500, and $10,000, all went very well, "
    "5 stars each. The $10,000 one ran for 4 months with monthly payments. I also have "
    "another contract of $300 that ended with no feedback, and one older job from 2022 where "
    "the client left 4.6★ and good private feedback.\n\n"
    "I used the Top Rated perk? No, I can't, I was never Top Rated. A friend told me to open "
    "a dispute or just refund nothing and end the contract quietly.\n\n"
    "So my questions: should I end the contract now, or keep it open? Will it hurt my JSS if "
    "he leaves bad private feedback? Can the review be removed if he does? And how long would "
    "it take to recover to 90% if the worst happens? I'd really like to reach Top Rated by "
    "the end of the year, so any advice is welcome. Thanks in advance, this community has "
    "been great and I've learned a lot here over the last 3 years. Sorry for the long post, "
    "I wanted to give you all the details so you can tell me what the numbers will look like. "
    "One more detail: the client's account is a few months old, he has two other hires with "
    "5 stars, and he is based in another time zone, which makes calls hard. Any "
    "thoughts on whether waiting a week changes anything would also help. Have a good week, "
    "all of you, and cheers from me!"
)
ADVERSARIAL = ("$9,999,999,999.9999 5.6k* 10/10 not yet top rated, no feedback yet; " * 200)[
    :MAX_INPUT_CHARS
]


def measure(label: str, call: Callable[[], object], runs: int, chars: int) -> None:
    for _ in range(20):
        call()
    samples = []
    cpu = []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.thread_time()
        call()
        samples.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - cpu_started)
    samples.sort()
    # CPU time next to wall time: on a shared machine the wall clock counts other work too.
    cpu_median = statistics.median(cpu) * 1000
    median = statistics.median(samples) * 1000
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000
    per_second = runs / sum(samples)
    print(
        f"{label}: {chars} chars, median {median:.3f} ms (CPU {cpu_median:.3f} ms), "
        f"p99 {p99:.3f} ms, "
        f"{per_second:,.0f} parses/s, {per_second * chars / 1e6:.2f} M chars/s"
    )


def _safe(text: str) -> Callable[[], object]:
    def call() -> object:
        try:
            return parse_situation(text, as_of=AS_OF)
        except ParseError as error:
            return error

    return call


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    post = POST[:2000]
    measure("forum post", _safe(post), runs, len(post))
    measure("adversarial", _safe(ADVERSARIAL), max(runs // 10, 50), len(ADVERSARIAL))
    for text in ("1," * 3000, "a" * 6000, "no " * 2000):
        measure(f"adversarial {text[:6]!r}", _safe(text), max(runs // 20, 20), len(text))


if __name__ == "__main__":
    main()
