"""Dates and spans of time, absolute or relative to the as-of date the member speaks from.

"a few days ago", "two weeks", "in three months", "since January", "in March",
"2024-03-02", "March 5, 2024", "last month". A month named without a day is
taken as its first day (said back in `understood`). A month or year is only a
date when a word says so ("in March", "since 2019"), so "may" stays a verb.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from commands.parsing.kinds import Kind

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_PREFIX = (
    r"(?P<pre>since|in|on|from|until|by|last|early|late|mid|around|before|after|"
    r"end of|beginning of|start of)"
)
_DAY = r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)[0-9]{2})"

UNITS: dict[str, str] = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "month": "months",
    "months": "months",
    "mo": "months",
    "mos": "months",
    "year": "years",
    "years": "years",
    "yr": "years",
    "yrs": "years",
}
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))

# Words that turn a single-word relative phrase into a date.
RELATIVE_WORDS: dict[str, tuple[int, str]] = {
    "today": (0, "days"),
    "this morning": (0, "days"),
    "yesterday": (1, "days"),
    "this week": (0, "days"),
    "this month": (0, "days"),
    "last week": (1, "weeks"),
    "last month": (1, "months"),
    "last year": (1, "years"),
    "a while ago": (2, "months"),
}
# A season, read as its middle month: "went quiet last summer" is about July.
SEASONS: dict[str, int] = {"winter": 1, "spring": 4, "summer": 7, "fall": 10, "autumn": 10}
_SEASON = "|".join(SEASONS)

WEEKDAYS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_WEEKDAY = "|".join(sorted((n for n in WEEKDAYS if len(n) > 3), key=len, reverse=True))
_RELATIVE = "|".join(sorted((re.escape(w) for w in RELATIVE_WORDS), key=len, reverse=True))

DATE_RULES: tuple[tuple[Kind, str], ...] = (
    (Kind.ISO_DATE, r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?![0-9])"),
    # "for 3 months", "2 weeks ago", "in 3 months", "since 4 weeks": the words
    # around a span decide whether it is a date, a length or a future point.
    (
        Kind.SPAN,
        rf"(?:(?P<pre>for|over|in|within|after|past|last|since|about|around|almost|nearly)"
        rf"(?: about| around| almost| nearly| roughly| over| the last| the past)? )?"
        # "3 to 5 months": a range of lengths, read by its low end (what is sure).
        rf"(?:(?P<lo>[0-9]{{1,4}}) ?(?:to|-|–|or) ?)?"
        # "a 3-month contract": a length said as an adjective.
        rf"(?P<n>[0-9]{{1,4}})(?:(?P<adj>-)| ?)(?P<u>{_UNIT})\b"
        rf"(?: and [0-9]{{1,3}} ?(?:{_UNIT})\b)?"
        rf"(?: (?P<post>ago|later|from now|back|before|so far))?",
    ),
    (
        Kind.MONTH_DATE,
        rf"(?:{_DATE_PREFIX} )?(?P<mon>{_MONTH})\b(?: {_DAY})?(?:,? {_YEAR})?(?![0-9])",
    ),
    (Kind.MONTH_DATE, rf"(?:{_DATE_PREFIX} )?{_DAY} (?:of )?(?P<mon>{_MONTH})\b(?:,? {_YEAR})?"),
    (Kind.RELATIVE, rf"(?:(?P<pre>since) )?(?P<w>{_RELATIVE})\b"),
    # Only with a word before it: "fall" alone is more often the verb.
    (Kind.SEASON, rf"(?P<pre>last|this past|since|in the|over the|in) (?P<season>{_SEASON})\b"),
    # "ended Monday", "since last friday": the most recent such day.
    (Kind.WEEKDAY, rf"(?:(?P<pre>on|last|since|this past) )?(?P<wd>{_WEEKDAY})\b"),
    # A year is a date only after a word such as "in" or "since"; otherwise it is
    # read as a year and ignored, never as earnings.
    (
        Kind.YEAR,
        # Not the start of "2024-03-01" or "2,024": those are a date and a number.
        rf"(?:(?P<pre>in|since|from|during|until|by|early|late|mid|of) )?{_YEAR}"
        r"(?![0-9]|,[0-9]|-[0-9])",
    ),
)


def months_before(when: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to the month's length."""
    index = when.year * 12 + (when.month - 1) - months
    year, month = divmod(index, 12)
    year = max(year, 1)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(when.day, last_day))


def shift(as_of: date, amount: int, unit: str, *, forward: bool = False) -> date | None:
    """as_of moved by a span; None when the result falls outside the calendar."""
    sign = 1 if forward else -1
    try:
        if unit == "days":
            return as_of + timedelta(days=sign * amount)
        if unit == "weeks":
            return as_of + timedelta(weeks=sign * amount)
        months = amount * (12 if unit == "years" else 1)
        if forward:
            return months_before(as_of, -months)
        return months_before(as_of, months)
    except (OverflowError, ValueError):
        return None


def span_in_months(amount: int, unit: str) -> int | None:
    """Whole months in a span, for months with payments; weeks and days have none."""
    if unit == "months":
        return amount
    if unit == "years":
        return amount * 12
    return None


def last_weekday(weekday: int, as_of: date) -> date:
    """The most recent such weekday before `as_of` ("ended Monday")."""
    back = (as_of.weekday() - weekday) % 7 or 7
    return as_of - timedelta(days=back)


def month_date(month: int, day: int | None, year: int | None, as_of: date) -> date | None:
    """The date a month name means: the most recent such month when no year is said."""
    if year is None:
        year = as_of.year if (month, day or 1) <= (as_of.month, as_of.day) else as_of.year - 1
    try:
        return date(year, month, day or 1)
    except ValueError:
        return None


def iso_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# "Back in 2019 ...", "this was in March 2018": the whole story is told from then.
_STORY_DATE = re.compile(
    rf"\b(?:back in|this (?:was|happened) in|it (?:was|happened) in|that (?:was|happened) in"
    rf"|as of|at the time \(?)(?: (?:early|mid|late))? (?:(?P<mon>{_MONTH})\b,? )?{_YEAR}\b"
)
_STORY_MARKS = ("back in", "was in", "happened in", "as of", "at the time")
"""What every `_STORY_DATE` match holds one of: few posts hold any, and looking for them
costs a tenth of the search."""


def story_date(text: str, as_of: date) -> date | None:
    """The date a story is told from, when it says so ("back in 2019"): the middle of the
    month or year named, never after `as_of`."""
    if not any(mark in text for mark in _STORY_MARKS):
        return None
    match = _STORY_DATE.search(text)
    if match is None:
        return None
    year = int(match["y"])
    month = MONTHS.get(match["mon"] or "")
    told = date(year, month, 15) if month else date(year, 7, 1)
    return told if told < as_of else None
