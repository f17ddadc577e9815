"""The answers corpus: each member post answered as `jss-helper advise` answers it.

Each post's answer must get right everything `answers.toml` expects (the kind of
question, the baseline, the likely and worst figures, the advice ids, the era's
mistakes avoided, the headline) except the misses listed for it in
`known_answer_misses.txt`, held exact both ways; and every answer is at most
`ANSWER_WORDS` words before Details, with no exception.
"""

from __future__ import annotations

from typing import Any

import pytest

from commands.render import ANSWER_WORDS
from tests.corpus.answers import check, known_misses, miss_names, posts

POSTS = posts()
KNOWN = known_misses()


@pytest.mark.parametrize("post", POSTS, ids=[post["id"] for post in POSTS])
def test_a_post_is_answered_as_a_veteran_would(post: dict[str, Any]) -> None:
    wrong = check(post)
    missed = miss_names(wrong)
    known = KNOWN.get(post["id"], set())
    assert "words" not in missed, f"longer than {ANSWER_WORDS} words before Details"
    assert missed <= known, "missed:\n" + "\n".join(
        w for w in wrong if w.split(":")[0] not in known
    )
    assert known <= missed, f"now right, take off the known list: {known - missed}"


def test_the_corpus_has_the_posts_the_issue_asks_for() -> None:
    assert len(POSTS) >= 40 and len({post["id"] for post in POSTS}) == len(POSTS)


def test_the_known_misses_are_of_corpus_posts() -> None:
    assert set(KNOWN) <= {post["id"] for post in POSTS}
