"""Moderator notes made as blurred as the cases they annotate, before they are stored.

A note is the one free text the case log keeps, so it gets what a case's
summary gets by construction: no platform mentions or ids, no e-mail, link or
phone number, no handle, no street address, and amounts rounded to two
significant figures (`$5,613.27` becomes `~$5,600`). Names cannot be told
from other words by their letters, so a note keeps capitalised words only
when they are common words or the product's own terms; any other is taken for
a name. A moderator who writes in lower case keeps their wording; the reply
shows what was stored. Scrubbing a scrubbed note changes nothing.
"""

from __future__ import annotations

import functools
import re

from storage.coarsen import ISO_DATE_RE, coarsen_amount

# Capitalised words a note may keep: sentence openers, the product's terms,
# months and weekdays. Anything else with a capital is taken for a name.
_KEPT_LINES = (
    "a about after again all also an and any are as asked at be because been before",
    "both but by can case cases client clients closed contract contracts could did do",
    "does done each either ended even ever every feedback fixed for from gave get got",
    "had has have he her here him his hourly how however i if in is it its just last",
    "later like may maybe member members moderator moderators more most my new next",
    "no none not note now of off ok okay on once one only open or other our out over",
    "paid please private public rated rating refund refunded review reviews said same",
    "see seems she should since so some still such than thanks that the their them",
    "then there these they this those though to today told top too two under until up",
    "us very was we were what when where which while who why will with without would",
    "yes yet you your upwork jss plus rising talent expert vetted discord slack",
    "january february march september october november",
    "december monday tuesday wednesday thursday friday saturday sunday",
    "spoke talked called contacted checked warned banned reported confirmed escalated",
    "replied resolved followed emailed advised suggested agreed declined looks looked",
)
KEPT_WORDS = frozenset(" ".join(_KEPT_LINES).split())
_MONEY = re.compile(
    r"(?<![~\w])(?P<symbol>[$€£])\s?(?P<number>\d[\d,]*(?:\.\d+)?)(?P<k>\s?[kK]\b)?"
    r"|(?<![~\w$€£])(?P<bare>\d[\d,]*(?:\.\d+)?)(?P<bk>\s?[kK])?\s?"
    r"(?P<unit>USD|EUR|GBP|dollars?|bucks)\b",
    re.IGNORECASE,
)
_STREET_TYPES = (
    "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl"
    "|terrace|square|sq|highway|hwy|parkway|pkwy|circle|cir|strasse|straße|rue|calle"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?,?\s+(?:[A-Za-zÀ-ÿ'.-]+\s+){{0,4}}(?:{_STREET_TYPES})\b\.?"
    r"(?:,?\s*(?:apt|apartment|suite|unit|#)\.?\s*\w{1,6})?",
    re.IGNORECASE,
)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<[@#!&][^>\s]{1,80}>"), "[mention]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE), "[link]"),
    (
        re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|gg|dev|co|me)(?:/\S*)?\b", re.I),
        "[link]",
    ),
    (re.compile(r"\b[UWCGDTB][A-Z0-9]{7,11}\b"), "[id]"),
    (re.compile(r"\b\d{15,20}\b"), "[id]"),
    (_ADDRESS, "[address]"),
    (re.compile(r"(?<![\w$~])\+?\d[\d\s().-]{6,}\d\b"), "[phone]"),
    (re.compile(r"@[\w.-]{2,32}"), "[mention]"),
    (re.compile(r"\b[\w.-]{2,32}#\d{4}\b"), "[handle]"),
    (re.compile(r"\b(?:u|user)/[\w-]{2,32}\b", re.IGNORECASE), "[handle]"),
)
# Numbers of four digits or more that are no amount: a postcode, an order, a contract id.
_LONG_NUMBER = re.compile(r"(?<![\w$€£~,.-])\d{4,}(?!\w|[,.-]\d)")
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\w'’-]*")
_CASE_ID = re.compile(r"C-[0-9A-Z]{5,10}")


def _keep_dates(match: re.Match[str], marker: str) -> str:
    # An ISO date looks like a phone number to the pattern; dates are kept.
    return match[0] if ISO_DATE_RE.match(match[0]) else marker


def _amount(match: re.Match[str]) -> str:
    number = match["number"] or match["bare"]
    value = float(number.replace(",", ""))
    if match["k"] or match["bk"]:
        value *= 1000
    rounded = coarsen_amount(value)
    symbol = match["symbol"] or {"eur": "€", "gbp": "£"}.get((match["unit"] or "").lower(), "$")
    return f"~{symbol}{rounded:,}"


def _plain(part: str) -> bool:
    """A piece of a capitalised word that names nobody: a kept word, an acronym (TOS, NDA;
    longer runs of capitals may be a name shouted), a client's letter."""
    return not part or part.lower() in KEPT_WORDS or (part.isupper() and len(part) <= 4)


def _name(match: re.Match[str]) -> str:
    word = match[0]
    if _CASE_ID.fullmatch(word):
        return word
    # "Sarah's" is Sarah; "Expert-Vetted" is two words.
    parts = re.split(r"['’]", word)[0].split("-")
    return word if all(_plain(part) for part in parts) else "[name]"


def scrub_note(text: str, *, limit: int = 1000) -> str:
    """A moderator's note with nothing that identifies anyone, amounts coarsened."""
    text = _MONEY.sub(_amount, text)
    for pattern, marker in _PATTERNS:
        text = pattern.sub(functools.partial(_keep_dates, marker=marker), text)
    text = _LONG_NUMBER.sub(functools.partial(_keep_dates, marker="[number]"), text)
    text = _CAPITALISED.sub(_name, text)
    return " ".join(text.split())[:limit]
