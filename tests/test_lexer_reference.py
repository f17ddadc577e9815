"""The tokenizer against the plainest reading of its rules: at each place a token may begin
(a word start, or a symbol after a blank), each rule whole, in table order; the first that
matches is the token there, and the next is looked for after it. However the tokenizer
narrows down which rules it tries, and however it reads a token's parts, its tokens must
be these, to the last part."""

from __future__ import annotations

import re
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from commands.parsing.lexer import RULES, VALUED, Token, rule_pattern, tokens
from commands.parsing.money import digits_for_number_words
from commands.parsing.sanitize import clean
from tests.corpus.reading import posts
from tests.test_parsing_robustness import GRAMMAR_WORDS

_MAY_BEGIN = re.compile(r"(?<!\w)\S")


@cache
def _whole_rules() -> list[re.Pattern[str]]:
    return [re.compile(rule_pattern(pattern)) for _, pattern in RULES]


def reference_tokens(text: str, most: int | None = None) -> list[Token]:
    """Every rule tried whole at every place a token may begin, in table order."""
    found: list[Token] = []
    resume = 0
    for begin in _MAY_BEGIN.finditer(text):
        position = begin.start()
        if position < resume:
            continue
        if most is not None and len(found) >= most:
            break
        for (kind, _), rule in zip(RULES, _whole_rules(), strict=True):
            match = rule.match(text, position)
            if match is not None:
                parts = match.groupdict() if kind in VALUED else {}
                found.append(Token(kind, position, match.end(), match.group(), parts))
                resume = match.end()
                break
    return found


def _read_as_posts_are(text: str) -> str:
    return digits_for_number_words(clean(text).lower())


def test_every_post_of_the_reading_corpus_gives_the_reference_tokens() -> None:
    for post in posts():
        text = _read_as_posts_are(post["text"])
        assert tokens(text) == reference_tokens(text), post["text"][:60]


# Words the rules are made of, pieces of them, and what sits between them: so that
# rules match, nearly match, overlap and follow one another.
_PIECES = (
    *GRAMMAR_WORDS,
    *["$", ",", ".", "-", "–", "/", "*", ":", "(", ")", "'", "★", "⭐", "%", "#", "\n"],
    "us$",
    "usd",
    "k",
    "m",
    "per hour",
    "an hour",
    "out of 10",
    "/5",
    "stars",
    "to",
    "or",
    "of",
    "ago",
    "since",
    "last",
    "the",
    "a",
    "an",
    "left",
    "didn't",
    "never",
    "2024-03-02",
    "1,000",
    "12.5",
    "1234567890123",
    "march 5, 2024",
    "5th of may",
    "3-month",
    "tell upwork what he thinks",
    "points",
)
_GLUE = st.sampled_from(["", " ", "  ", ", ", ". ", "\n", "-", "/"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=40))
    return "".join(piece + draw(_GLUE) for piece in pieces)


@settings(max_examples=400, deadline=None)
@given(_texts(), st.none() | st.integers(min_value=0, max_value=8))
def test_any_text_gives_the_reference_tokens(text: str, most: int | None) -> None:
    for read in (text, _read_as_posts_are(text)):
        assert tokens(read, most) == reference_tokens(read, most)
