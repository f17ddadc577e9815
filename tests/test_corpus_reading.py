"""The reading corpus: every post read as the bot reads it, field by field.

Each post's wrong fields must be exactly its lines in `known_misreadings.txt`: a
misreading that comes back fails here, and so does one fixed without taking its
line off (so the accuracy `bench/bench_reading.py` prints can only go up).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.corpus.reading import GOAL, check, known_misreadings, misreading, posts, tally

POSTS = posts()
KNOWN = known_misreadings()


@pytest.mark.parametrize("post", POSTS, ids=[post["id"] for post in POSTS])
def test_a_post_is_read_as_the_corpus_says(post: dict[str, Any]) -> None:
    fields = check(post)
    wrong = {misreading(field): field for field in fields if not field.right}
    known = {line for line in KNOWN if line.startswith(f"{post['id']}: ")}
    unexpected = [
        f"{name}: want {wrong[name].expected!r}, read {wrong[name].read!r}"
        for name in sorted(set(wrong) - known)
    ]
    assert not unexpected, "misread:\n" + "\n".join(unexpected)
    assert not known - set(wrong), f"now read right, take off the known list: {known - set(wrong)}"


def test_the_known_misreadings_are_all_of_corpus_posts() -> None:
    ids = {post["id"] for post in POSTS}
    assert {line.split(": ", 1)[0] for line in KNOWN} <= ids


def test_the_reader_reads_the_goal_share_of_fields_right() -> None:
    share = tally([field for post in POSTS for field in check(post)])
    assert share.share >= GOAL, f"{share.right}/{share.total} read right"


def test_the_corpus_has_the_posts_the_issue_asks_for() -> None:
    assert len(POSTS) >= 150 and len({post["id"] for post in POSTS}) == len(POSTS)
