"""Every word of the compact notation, once: how it is written, what it means, what it sets.

The reader (`parse_notation`), the writer (`render_notation`), `/jss help notation`
and the test that tells a notation line from free text all read these tables, so a
word added here is understood, written, listed and recognised everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from advice.situation import (
    Badge,
    Contract,
    FeedbackStatus,
    Intent,
    Pay,
    QuestionKind,
    Sentiment,
    Situation,
    Status,
    client_label,
)

Data = dict[str, Any]
"""What a word is read into: one contract's fields, or the whole situation's data."""


class WordError(ValueError):
    """A word of the right shape with a value that cannot be; the message says what to write."""


@dataclass(frozen=True)
class ContractWord:
    """A word of a contract part: `AMOUNT [feedback] [flags]`."""

    written: str
    meaning: str
    topic: str
    pattern: str
    read: Callable[[re.Match[str], Data], None]
    write: Callable[[Contract, int], Iterable[str]]


@dataclass(frozen=True)
class SettingWord:
    """A word of a settings part: the member, the events, the question, the date."""

    written: str
    meaning: str
    topic: str
    pattern: str
    read: Callable[[re.Match[str], Data], None]
    write: Callable[[Situation], Iterable[str]]


_NUMBER = r"[0-9]{1,20}(?:\.[0-9]{1,20})?(?:e[-+]?[0-9]{1,3})?"
AMOUNT = r"\$?(?:[0-9][0-9,]{0,20}(?:\.[0-9]{1,20})?(?:e[-+]?[0-9]{1,3})?k?|\?)"
"""The first word of a contract part: `0`, `5600`, `$5,600`, `5.6k`, or `?` when unknown."""
_SAFE_LABEL = re.compile(r"[A-Za-z0-9-]")


def numeral(value: float) -> str:
    """A number as the notation writes it: `5600`, `4.6`."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def read_date(text: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else date.fromisoformat("invalid")
    except ValueError:
        raise WordError("needs a date written YYYY-MM-DD, e.g. 2024-03-02") from None


def read_int(text: str, example: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise WordError(f"needs a whole number, e.g. `{example}`")
    return int(text)


def _decode(value: str) -> str:
    """A client label written with %XX escapes, as `_encode` writes it."""
    out: list[int] = []
    i = 0
    while i < len(value):
        if value[i] == "%":
            pair = value[i + 1 : i + 3]
            if len(pair) != 2 or not all(c in "0123456789abcdefABCDEF" for c in pair):
                raise ValueError(pair)
            out.append(int(pair, 16))
            i += 3
        else:
            out.extend(value[i].encode("utf-8"))
            i += 1
    return bytes(out).decode("utf-8")


def _encode(label: str) -> str:
    # Only letters, digits and dashes stay as they are, so no label can look like
    # markup, a mention or a separator once the line is cleaned and split.
    return "".join(
        ch
        if _SAFE_LABEL.match(ch)
        else "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        for ch in label
    )


# --- contract words ----------------------------------------------------------


def _flag(written: str, meaning: str, topic: str, field: str, value: object) -> ContractWord:
    """A word that sets one field of the contract to one value."""

    def read(match: re.Match[str], contract: Data) -> None:
        contract[field] = value

    def write(contract: Contract, index: int) -> Iterable[str]:
        return [written] if getattr(contract, field) == value else []

    return ContractWord(written, meaning, topic, re.escape(written), read, write)


def _default(written: str, meaning: str, topic: str, field: str, value: object) -> ContractWord:
    """A word that says what a contract is anyway: read, never written."""

    def read(match: re.Match[str], contract: Data) -> None:
        contract[field] = value

    return ContractWord(written, meaning, topic, re.escape(written), read, lambda c, i: [])


def _details(contract: Contract) -> bool:
    return any(
        value is not None
        for value in (contract.stars, contract.private_rating, contract.private_sentiment)
    )


def _stars(match: re.Match[str], contract: Data) -> None:
    contract["stars"] = float(match[1])


def _rating(match: re.Match[str], contract: Data) -> None:
    contract["private_rating"] = int(match[1])


def _months(match: re.Match[str], contract: Data) -> None:
    contract["paid_months"] = int(match[1])


def _date_word(word: str, field: str, meaning: str) -> ContractWord:
    """`start:2024-03-02`: a date of the contract."""

    def read(match: re.Match[str], contract: Data) -> None:
        contract[field] = read_date(match[1])

    def write(contract: Contract, index: int) -> Iterable[str]:
        when: date | None = getattr(contract, field)
        return [f"{word}:{when.isoformat()}"] if when is not None else []

    return ContractWord(f"{word}:DATE", meaning, _FLAGS, rf"{word}:(.+)", read, write)


def _client(match: re.Match[str], contract: Data) -> None:
    try:
        contract["client"] = _decode(match[1])
    except ValueError:
        raise WordError(
            "is not a client name I can read; use letters, digits and dashes "
            "(other characters as %XX)"
        ) from None


_SENTIMENT_WORDS = {
    Sentiment.POSITIVE: "pos",
    Sentiment.NEUTRAL: "neutral",
    Sentiment.NEGATIVE: "neg",
}
_PRIVATE = "Feedback"
_FLAGS = "Flags"

CONTRACT_WORDS: tuple[ContractWord, ...] = (
    ContractWord(
        "5*",
        "public stars (4.6* too)",
        _PRIVATE,
        rf"({_NUMBER})\*",
        _stars,
        lambda c, i: [f"{numeral(c.stars)}*"] if c.stars is not None else [],
    ),
    ContractWord(
        "9/10",
        "private rating",
        _PRIVATE,
        r"([0-9]{1,2})/10",
        _rating,
        lambda c, i: [f"{c.private_rating}/10"] if c.private_rating is not None else [],
    ),
    *(
        _flag(f"{word}-private", f"{s.value} private feedback", _PRIVATE, "private_sentiment", s)
        for s, word in _SENTIMENT_WORDS.items()
    ),
    ContractWord(
        "given",
        "feedback given, content not said",
        _PRIVATE,
        "given",
        lambda m, c: c.update(feedback=FeedbackStatus.GIVEN),
        lambda c, i: ["given"] if c.feedback is FeedbackStatus.GIVEN and not _details(c) else [],
    ),
    _flag("no-fb", "ended without feedback", _PRIVATE, "feedback", FeedbackStatus.NONE),
    _default(
        "pending",
        "feedback still to come (the default)",
        _PRIVATE,
        "feedback",
        FeedbackStatus.PENDING,
    ),
    *(
        _flag(f"expect-{word}", f"{s.value} feedback expected", _PRIVATE, "expected", s)
        for s, word in _SENTIMENT_WORDS.items()
    ),
    _flag("open", "still open", _FLAGS, "status", Status.OPEN),
    _default("ended", "ended (the default)", _FLAGS, "status", Status.ENDED),
    _flag("open?", "open or ended: not said", _FLAGS, "status", Status.UNKNOWN),
    _flag("hourly", "hourly", _FLAGS, "pay", Pay.HOURLY),
    _flag("fixed", "fixed price", _FLAGS, "pay", Pay.FIXED),
    ContractWord(
        "4mo",
        "months with payments",
        _FLAGS,
        r"([0-9]{1,3})mo",
        _months,
        lambda c, i: [f"{c.paid_months}mo"] if c.paid_months is not None else [],
    ),
    _date_word("start", "start", "started"),
    _date_word("end", "end", "ended on"),
    _date_word("paid", "last_payment", "last paid"),
    _flag("refund", "refunded in full", _FLAGS, "refunded", True),
    _flag("dispute", "in dispute", _FLAGS, "disputed", True),
    _flag("suspended", "the client was suspended", _FLAGS, "client_suspended", True),
    _flag("removed", "the feedback was removed", _FLAGS, "feedback_removed", True),
    _flag("ask", "the contract you ask about", _FLAGS, "in_question", True),
    ContractWord(
        "client:NAME",
        "same name, same client (default A, B, C...)",
        _FLAGS,
        r"client:(.+)",
        _client,
        lambda c, i: [f"client:{_encode(c.client)}"] if c.client != client_label(i) else [],
    ),
)
"""In the order `render_notation` writes them; the defaults (`pending`, `ended`) are read
but never written."""


# --- setting words -------------------------------------------------------------

_BADGE_WORDS = {b: b.value if b is not Badge.NONE else "no-badge" for b in Badge}
_EVENTS = {
    "threat": ("threat_of_bad_feedback", "the client threatens bad feedback"),
    "scope": ("unpaid_scope_demand", "unpaid extra work asked"),
    "unfunded": ("milestone_unfunded", "a milestone is not funded"),
    "unreleased": ("milestone_unreleased", "a funded milestone is not released"),
    "unresponsive": ("client_unresponsive", "the client does not respond"),
    "reinstated": ("client_reinstated", "the client was reinstated"),
    "off-platform": ("off_platform_offer", "work or pay offered outside Upwork"),
    "unverified": ("client_unverified", "the client's payment method is not verified"),
}
_JSS = re.compile(r"([0-9]{1,3})(?:-([0-9]{1,3}))?")
_INTENTS = {i.value: i for i in Intent}
_KINDS = {k.value: k for k in QuestionKind}


def _freelancer(field: str, value: object) -> Callable[[re.Match[str], Data], None]:
    def read(match: re.Match[str], data: Data) -> None:
        data["freelancer"][field] = value

    return read


def _event(field: str, value: object) -> Callable[[re.Match[str], Data], None]:
    def read(match: re.Match[str], data: Data) -> None:
        data["events"][field] = value

    return read


def _jss(match: re.Match[str], data: Data) -> None:
    found = _JSS.fullmatch(match[1])
    if found is None:
        raise WordError("needs a score or a range, e.g. `jss:92` or `jss:90-91`")
    data["freelancer"]["shown_jss"] = int(found[1])
    if found[2] is not None:
        data["freelancer"]["shown_jss_high"] = int(found[2])


def _count(field: str, example: str) -> Callable[[re.Match[str], Data], None]:
    def read(match: re.Match[str], data: Data) -> None:
        data["freelancer"][field] = read_int(match[1], example)

    return read


def _perk_used(match: re.Match[str], data: Data) -> None:
    data["freelancer"]["perk_last_used"] = read_date(match[1])


def _as_of(match: re.Match[str], data: Data) -> None:
    data["as_of"] = read_date(match[1])


def _intents(match: re.Match[str], data: Data) -> None:
    for name in match[1].lower().split(","):
        if name not in _INTENTS:
            raise WordError(f"names no intent I know. Valid: {', '.join(_INTENTS)}")
        data["intents"].append(_INTENTS[name])


def _question(match: re.Match[str], data: Data) -> None:
    kind = match[1].lower()
    if kind not in _KINDS:
        raise WordError(f"names no kind of question I know. Valid: {', '.join(_KINDS)}")
    data["question"] = _KINDS[kind]


def _written_jss(s: Situation) -> Iterable[str]:
    low, high = s.freelancer.shown_jss, s.freelancer.shown_jss_high
    if low is None:
        return []
    return [f"jss:{low}" + (f"-{high}" if high is not None else "")]


def _value_word(
    written: str,
    meaning: str,
    topic: str,
    read: Callable[[re.Match[str], Data], None],
    write: Callable[[Situation], Iterable[str]],
) -> SettingWord:
    key = written.split(":", 1)[0]
    return SettingWord(written, meaning, topic, rf"{re.escape(key)}:(.+)", read, write)


def _fixed_setting(
    written: str,
    meaning: str,
    topic: str,
    read: Callable[[re.Match[str], Data], None],
    holds: Callable[[Situation], bool],
) -> SettingWord:
    return SettingWord(
        written, meaning, topic, re.escape(written), read, lambda s: [written] if holds(s) else []
    )


def _badge_word(badge: Badge, word: str) -> SettingWord:
    meaning = "no badge" if badge is Badge.NONE else badge.value.replace("-", " ")

    def holds(situation: Situation) -> bool:
        return situation.freelancer.badge is badge

    return _fixed_setting(word, meaning, "Badge", _freelancer("badge", badge), holds)


def _event_word(word: str, field: str, meaning: str) -> SettingWord:
    def holds(situation: Situation) -> bool:
        return bool(getattr(situation.events, field))

    return _fixed_setting(word, meaning, "Events", _event(field, True), holds)


SETTING_WORDS: tuple[SettingWord, ...] = (
    *(_badge_word(badge, word) for badge, word in _BADGE_WORDS.items()),
    _value_word("jss:92", "your score now (a range: jss:90-91)", "Score", _jss, _written_jss),
    _value_word(
        "prev-jss:100",
        "your score before it changed",
        "Score",
        _count("previous_jss", "prev-jss:100"),
        lambda s: (
            [f"prev-jss:{s.freelancer.previous_jss}"]
            if s.freelancer.previous_jss is not None
            else []
        ),
    ),
    _value_word(
        "jobs:280",
        "jobs in your history",
        "Score",
        _count("jobs", "jobs:280"),
        lambda s: [f"jobs:{s.freelancer.jobs}"] if s.freelancer.jobs is not None else [],
    ),
    _fixed_setting(
        "has-jss",
        "a score shows",
        "Score",
        _freelancer("has_score", True),
        lambda s: s.freelancer.has_score is True,
    ),
    _fixed_setting(
        "no-jss",
        "no score yet",
        "Score",
        _freelancer("has_score", False),
        lambda s: s.freelancer.has_score is False,
    ),
    _value_word(
        "perk-used:DATE",
        "the Top Rated perk last used",
        "Perk",
        _perk_used,
        lambda s: (
            [f"perk-used:{s.freelancer.perk_last_used.isoformat()}"]
            if s.freelancer.perk_last_used is not None
            else []
        ),
    ),
    _value_word(
        "since-perk:4",
        "contracts completed since",
        "Perk",
        _count("completed_since_perk", "since-perk:4"),
        lambda s: (
            [f"since-perk:{s.freelancer.completed_since_perk}"]
            if s.freelancer.completed_since_perk is not None
            else []
        ),
    ),
    *(_event_word(word, field, meaning) for word, (field, meaning) in _EVENTS.items()),
    _fixed_setting(
        "written",
        "the threat is in writing",
        "Events",
        _event("evidence_in_writing", True),
        lambda s: s.events.evidence_in_writing is True,
    ),
    _fixed_setting(
        "verbal",
        "the threat was said on a call",
        "Events",
        _event("evidence_in_writing", False),
        lambda s: s.events.evidence_in_writing is False,
    ),
    _value_word(
        "intent:end-contract,impact",
        f"what you ask about ({', '.join(_INTENTS)})",
        "Question",
        _intents,
        lambda s: ["intent:" + ",".join(i.value for i in s.intents)] if s.intents else [],
    ),
    _value_word(
        "question:diagnosis",
        f"the kind of question ({', '.join(_KINDS)})",
        "Question",
        _question,
        lambda s: [f"question:{s.question.value}"] if s.question is not None else [],
    ),
    _value_word(
        "as-of:DATE",
        "the date you ask for",
        "Question",
        _as_of,
        lambda s: [f"as-of:{s.as_of.isoformat()}"] if s.as_of is not None else [],
    ),
)

NO_CONTRACTS = "no-contracts"
"""The settings word that says there are no contracts at all (an empty situation)."""

WORD_PATTERNS: tuple[str, ...] = (
    AMOUNT,
    *(word.pattern for word in CONTRACT_WORDS),
    *(word.pattern for word in SETTING_WORDS),
    re.escape(NO_CONTRACTS),
)
"""Every shape a notation word can have, for telling a notation line from free text."""


def valid_list(words: Iterable[ContractWord | SettingWord]) -> str:
    """The words as a member types them, for 'Valid here: ...'."""
    return ", ".join(word.written for word in words)


def help_text() -> str:
    """`/jss help notation`: every word, grouped, with what it means."""
    lines = [
        "Compact notation: one line, parts separated by `;`. A part that starts with an amount "
        "is a contract: `AMOUNT [feedback] [flags]`; other parts are settings.",
        "Example: `0 neg-private ask; 5600 5*; 2500 5*; 10000 5* 4mo; top-rated; jss:92; "
        "jobs:40; perk-used:2024-03-02; as-of:2024-08-01`",
        "Contract amount: `0`, `5600`, `$5,600`, `5.6k`, or `?` when unknown.",
    ]
    groups: dict[str, list[str]] = {}
    words: tuple[ContractWord | SettingWord, ...] = (*CONTRACT_WORDS, *SETTING_WORDS)
    for word in words:
        groups.setdefault(word.topic, []).append(f"`{word.written}` ({word.meaning})")
    lines += [f"{topic}: {', '.join(items)}." for topic, items in groups.items()]
    lines.append(f"`{NO_CONTRACTS}` says there are none. Dates are YYYY-MM-DD.")
    return "\n".join(lines)
