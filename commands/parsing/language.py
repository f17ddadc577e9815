"""Whether a post is written in English, the only language the reader knows.

A post in another language must not be half-read ("3 estrellas" found, "amenaza"
missed), so it is told apart before reading. English prose is full of short function
words ("the", "my", "was", "didn't") that other languages lack: in the reading corpus
English posts have at least a quarter of them, posts in eight other languages (Hinglish
in Latin letters among them) at most a twelfth. Words of the platform ("contract", "feedback") are
used in every language, so they are not counted. Lines too short to tell are taken
as English, so a terse "TR 94, $0 contract" is still read.
"""

from __future__ import annotations

import re

ENGLISH_WORDS = frozenset(
    """
    the a an and or but if then so because to of on at for with from by about as into
    over after before since until than i i'm i've i'd i'll my mine we our us you your
    he him his she her it it's its they them their this that these those there here is
    are was were be been being am do does did done have has had having will would can
    could should shall may might must not never nothing don't didn't doesn't isn't
    wasn't won't can't couldn't haven't hasn't hadn't wouldn't shouldn't what why how
    when where who which any some all just still now only also very much more most even
    ever yet already again get got getting went go going gone left leave paid pay ended
    end closed close open says said wants want asked ask one two three four five six
    seven eight nine ten first last next week weeks month months year years day days ago
    """.split()  # noqa: SIM905 -- a word table reads better as prose than as 150 lines
)
"""Common English words that are rarely words of other languages ("in", "no", "me" and
"de" are left out: Spanish, Italian and German have them too)."""

PLATFORM_WORDS = frozenset(
    """
    jss job jobs success score top rated plus rising talent expert vetted badge upwork
    contract contracts client clients feedback review reviews star stars rating private
    public hourly fixed milestone milestones refund refunded dispute disputed tr trs
    """.split()  # noqa: SIM905 -- as above
)
"""Words of the platform that members writing any language use as they are: they
tell nothing about the language, so they are left out of the count."""

MIN_WORDS = 6
"""Fewer words than this cannot be told apart reliably; they are taken as English."""
ENGLISH_SHARE = 0.15
"""Share of English words at or above which a post is English (corpus: English 0.24
and up, others 0.08 and below)."""

# Letters, and apostrophes between letters ("didn't"): one run of letters after another,
# so each character is looked at once.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# The same words in a text with no letter past ASCII and no ’, told by range where
# `_WORD` looks up each character's category (a third faster).
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_LETTER_PAST_ASCII = re.compile(r"[^\W\d_\x00-\x7f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def reads_as_english(text: str) -> bool:
    """Whether `text` is English enough to read; see the module's docstring for how."""
    ascii_words = "’" not in text and _LETTER_PAST_ASCII.search(text) is None
    if ascii_words:
        # Lowering changes no ASCII letter into a mark or a mark into one, so the words
        # of the lowered text are the lowered words.
        found = _ASCII_WORD.findall(text.lower())
    else:
        # Lowered together, as each alone would be: a word holds no blank, a blank ends one.
        found = " ".join(_WORD.findall(text)).lower().replace("’", "'").split()
    words = [word for word in found if word not in PLATFORM_WORDS]
    if len(words) < MIN_WORDS:
        return True
    if not ascii_words:  # ASCII letters are all Latin letters
        joined = "".join(words)
        if _latin_count(joined) < _letter_count(joined) / 2:
            return False
    english = sum(map(ENGLISH_WORDS.__contains__, words))
    return english >= ENGLISH_SHARE * len(words)


def _letter_count(words: str) -> int:
    """Letters in the words, written together: apostrophes aside, words are nearly always
    letters only, which one check tells; only other marks need a count char by char."""
    letters = words.replace("'", "")
    if letters.isalpha():
        return len(letters)
    return sum(char.isalpha() for char in letters)


def _latin_count(words: str) -> int:
    """Latin letters in the words, written together: every character `_LATIN` matches in
    a word is a letter."""
    return sum(map(len, _LATIN.findall(words)))
