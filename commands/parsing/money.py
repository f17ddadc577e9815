"""Amount-like words: money, hourly rates, hours, stars, ratings, percentages, counts.

Each kind is its own token, read before plain numbers, so that a year, a
percentage, a star count, hours or "10/10" can never be taken for earnings.
Rules are data: (token kind, pattern), tried in order at each word start.
"""

from __future__ import annotations

import re

from text_to_num import text2num

from commands.parsing.kinds import Kind

NUM = r"(?P<n>[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,12})(?:\.(?P<frac>[0-9]{1,4}))?"
"""A number as members write it: 5600, 5,600, 5600.50 (bounded, so no huge ints)."""

# "percent" as members type it.
_PERCENT_WORD = r"(?:percent|precent|procent|persent|pct|per cent)\b"
_PER_HOUR = r"(?:/ ?|per |an |a )(?:h|hr|hrs|hour)\b"
_UNIT_STARS = r"(?:-| )?(?:★|☆|⭐|\*|stars?\b|star\b)"

NUMBER_RULES: tuple[tuple[Kind, str], ...] = (
    # "$40/h", "40 usd per hour": a rate, never earnings by itself.
    (Kind.RATE, rf"(?:us ?\$|\$|usd) ?{NUM} ?{_PER_HOUR}"),
    (Kind.RATE, rf"{NUM} ?(?:usd|dollars?|\$) ?{_PER_HOUR}"),
    # "$500 to $4,000 each", "$50-100": a range of amounts is no one contract's earnings.
    (
        Kind.MONEY_RANGE,
        r"\$ ?[0-9][0-9,.]{0,12}k?(?:(?:-|–)\$?| ?(?:-|–|to) ?\$ ?)[0-9][0-9,.]{0,12}k?(?![\w])",
    ),
    # "$5,600", "US$ 2500", "USD 2500", "$5.6k".
    (Kind.MONEY, rf"(?:us ?\$|\$|usd) ?{NUM} ?(?P<k>k\b|m\b)?"),
    # "5.6k", "10k" on their own: members write thousands of dollars this way.
    (Kind.MONEY, rf"{NUM} ?(?P<k>k)(?![\w])"),
    (Kind.MONEY, rf"{NUM} ?(?:usd|dollars?|bucks|\$)(?![\w])"),
    # "90-91%", "90 to 91 %": a range of scores, read before a single percent.
    (
        Kind.PERCENT_RANGE,
        rf"(?P<lo>[0-9]{{1,3}}) ?(?:-|–|to) ?(?P<hi>[0-9]{{1,3}}) ?(?:%|{_PERCENT_WORD})",
    ),
    (Kind.PERCENT, rf"{NUM} ?(?:%|{_PERCENT_WORD})"),
    (Kind.RATING, rf"{NUM} ?(?:/ ?10|out of 10)(?![0-9])"),
    (Kind.STARS, rf"{NUM} ?(?:/ ?5|out of 5)(?![0-9])"),
    (Kind.STARS, rf"{NUM}{_UNIT_STARS}"),
    (Kind.STAR_RUN, r"[★⭐]{1,12}"),
    (Kind.HOURS, rf"{NUM} ?(?:hours?|hrs?|h)\b"),
    # "cost me 11 points": a change of the score, not an amount.
    (Kind.POINTS, rf"{NUM} ?(?:points?|pts?|percentage points?)\b"),
)


def parts_value(parts: dict[str, str | None]) -> float:
    """The value of a NUM from a token's named parts, with `k`/`m` multipliers applied."""
    whole = (parts.get("n") or "0").replace(",", "")
    frac = parts.get("frac")
    value = float(f"{whole}.{frac}") if frac else float(whole)
    suffix = parts.get("k")
    if suffix == "k":
        value *= 1_000
    elif suffix == "m":
        value *= 1_000_000
    return round(value, 2)


# Number words become digits only before a word they count, so "the $0 one" stays
# a word while "three other contracts", "two $300 contracts" and "a few days" become
# numbers.
_COUNTED = (
    r"(?:(?:other|more|previous|past|prior|older|earlier|completed|successful|"
    r"smaller|small|big|larger|large|fixed[- ]price|hourly|short|long|good|great|"
    r"positive|different|finished|closed|ended|open|ongoing|active|running|inactive|dormant|"
    r"unpaid|paid|new|current|recent) ){0,2}"
    r"(?:contracts?|jobs?|projects?|gigs?|clients?|days?|weeks?|months?|years?|"
    r"stars?|hours?|-star|of them|others|with|where|whose|at|\$)"
)
NUMBER_WORDS: dict[str, str] = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "a few": "3",
    "a couple of": "2",
    "a couple": "2",
    "a dozen": "12",
    "half a dozen": "6",
    "zero": "0",
    "both": "2",
}
"""Words that count only before what they count ("one" is also a pronoun)."""


def _at_word_start(*words: str) -> str:
    """An alternation of `words`, each only where a word starts (no letter, digit or hyphen
    before it). Each looks behind itself once matched, so every alternative opens with a
    letter and a search skips to where one of their first letters stands; a look-behind
    in front is tried at every character (twice as slow)."""
    return "|".join(rf"{re.escape(word)}(?<![\w-]{re.escape(word)})" for word in words)


_WORDS = _at_word_start(*sorted(NUMBER_WORDS, key=len, reverse=True))
# "a third one where the client paid nothing": "one where" is a pronoun, not a count (no
# other word ends in "one").
_NUMBER_WORD = re.compile(rf"({_WORDS})(?!(?<=one) wh)(?=[ -]{_COUNTED})")
# "a week ago", "a month" count one unit of time; "a contract" is not a count.
_ONE_UNIT = re.compile(rf"(?:{_at_word_start('a', 'an', 'one')}) (?=(?:day|week|month|year)s?\b)")
# Numbers written out in several words or past twelve ("five hundred", "twenty-five",
# "twelve hundred") are numbers wherever they stand; text2num reads them.
_UNIT_WORDS = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS_WORDS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALE_WORDS = r"hundred|thousand|million"
_PART = rf"(?:{_UNIT_WORDS}|{_TENS_WORDS}|{_SCALE_WORDS})"
_SPELLED = re.compile(
    rf"(?<![\w-])(?:an? (?={_SCALE_WORDS}))?{_PART}(?:(?: and |[ -]){_PART})*(?![\w-])"
)
_BEYOND_TWELVE = re.compile(rf"\b(?:{_SCALE_WORDS}|{_TENS_WORDS}|\w+teen)\b")
_BEYOND_TWELVE_MARKS = (*_SCALE_WORDS.split("|"), *_TENS_WORDS.split("|"), "teen")
"""What a text holds one of when `_BEYOND_TWELVE` finds anything in it: without any, no
spelled number is rewritten, and the pass over the text is skipped."""


def digits_for_number_words(text: str) -> str:
    """Rewrite number words as digits: "five hundred dollars" -> "500 dollars",
    "three other contracts" -> "3 other contracts"; "the $0 one" stays."""
    if any(mark in text for mark in _BEYOND_TWELVE_MARKS):
        text = _SPELLED.sub(_spelled_number, text)
    text = _ONE_UNIT.sub("1 ", text)
    return _NUMBER_WORD.sub(lambda m: NUMBER_WORDS[m.group(1)], text)


def _spelled_number(match: re.Match[str]) -> str:
    words = match.group()
    if not _BEYOND_TWELVE.search(words):
        return words  # small words count only before what they count (below)
    try:
        return str(text2num(re.sub(r"^an? ", "one ", words), "en"))
    except ValueError:
        return words  # not one number ("two three"): left as words


def format_usd(value: float) -> str:
    """$5,600 or $5,600.50: how the bot writes an amount back."""
    if value == int(value):
        return f"${value:,.0f}"
    return f"${value:,.2f}"
