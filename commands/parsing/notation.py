"""The compact notation: one line that states a situation exactly.

Parts are separated by `;`. A part that starts with an amount is a contract;
any other part holds settings. Tokens are separated by spaces; case does not
matter except inside client labels. `render_notation` writes the canonical form,
and `parse_notation(render_notation(s)).situation == s` for every valid
Situation, so the notation is also how the bot shows exactly what it read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
from commands.parsing.result import ParseError, ParseResult, checked_situation
from commands.parsing.sanitize import clean, snippet

NOTATION_MAX_CHARS = 500_000
"""Rendered situations of up to 500 contracts must read back; member text is capped lower."""

NOTATION_HELP = """\
Compact notation: one line, parts separated by `;`. A part that starts with an amount
is a contract: `AMOUNT [feedback] [flags]`; other parts are settings.
Example: `0 neg-private ask; 5600 5*; 2500 5*; 10000 5* 4mo; top-rated; \
perk-used:2024-03-02; as-of:2024-08-01`
Contract amount: `0`, `5600`, `$5,600`, `5.6k`, or `?` when unknown.
Feedback: `5*` or `4.6*` (public stars), `9/10` (private rating), `pos-private`, \
`neutral-private`, `neg-private`, `given`, `no-fb` (ended without feedback), `pending` \
(default), `expect-neg` / `expect-pos` / `expect-neutral` (not given yet).
Flags: `open` (default ended), `hourly` / `fixed`, `4mo` (months with payments), \
`start:DATE`, `end:DATE`, `paid:DATE` (last payment), `refund`, `dispute`, `suspended` \
(client suspended), `removed` (feedback removed), `ask` (the contract you ask about), \
`client:NAME` (same name = same client; default A, B, C...).
Settings: `top-rated`, `top-rated-plus`, `rising-talent`, `expert-vetted`, `no-badge`, \
`jss:92` or `jss:90-91` (your score now), `prev-jss:100` (your score before it changed), \
`jobs:280` (jobs in your history), `has-jss`, `no-jss`, `perk-used:DATE`, `since-perk:4`, \
`threat`, `scope` (unpaid extra work asked), `unfunded`, `unreleased` (milestone), \
`unresponsive`, `reinstated`, `off-platform` (work or pay offered outside Upwork), `written` / \
`verbal` (evidence), `intent:end-contract,impact` (also remove-feedback, use-perk, refund, \
dispute, dormant, reach-top-rated, recover), `question:diagnosis` (also impact, recovery, \
eligibility, timing, terms, other), `as-of:DATE`. Dates are YYYY-MM-DD."""

_AMOUNT = re.compile(r"\$?(?:[0-9][0-9,]{0,20}(?:\.[0-9]{1,20})?(?:e[-+]?[0-9]{1,3})?k?|\?)$")
_NUMBER = r"[0-9]{1,20}(?:\.[0-9]{1,20})?(?:e[-+]?[0-9]{1,3})?"
_STARS = re.compile(rf"({_NUMBER})\*$")
_RATING = re.compile(r"([0-9]{1,2})/10$")
_MONTHS = re.compile(r"([0-9]{1,3})mo$")
_SAFE_LABEL = re.compile(r"[A-Za-z0-9-]")

_BADGES = {b.value if b is not Badge.NONE else "no-badge": b for b in Badge}
_SENTIMENTS = {s.value[:3] if s is not Sentiment.NEUTRAL else "neutral": s for s in Sentiment}
_FEEDBACK_WORDS = {
    "given": FeedbackStatus.GIVEN,
    "no-fb": FeedbackStatus.NONE,
    "pending": FeedbackStatus.PENDING,
}
_CONTRACT_FLAGS = {
    "refund": "refunded",
    "dispute": "disputed",
    "suspended": "client_suspended",
    "removed": "feedback_removed",
    "ask": "in_question",
}
_CONTRACT_WORDS: dict[str, tuple[str, Any]] = {
    "open": ("status", Status.OPEN),
    "ended": ("status", Status.ENDED),
    "hourly": ("pay", Pay.HOURLY),
    "fixed": ("pay", Pay.FIXED),
    **{f"{k}-private": ("private_sentiment", v) for k, v in _SENTIMENTS.items()},
    **{f"expect-{k}": ("expected", v) for k, v in _SENTIMENTS.items()},
    **{k: ("feedback", v) for k, v in _FEEDBACK_WORDS.items()},
    **{k: (v, True) for k, v in _CONTRACT_FLAGS.items()},
}
_CONTRACT_DATES = {"start": "start", "end": "end", "paid": "last_payment"}
_EVENT_WORDS = {
    "threat": "threat_of_bad_feedback",
    "scope": "unpaid_scope_demand",
    "unfunded": "milestone_unfunded",
    "unreleased": "milestone_unreleased",
    "unresponsive": "client_unresponsive",
    "reinstated": "client_reinstated",
    "off-platform": "off_platform_offer",
}
_INTENTS = {i.value: i for i in Intent}
_QUESTIONS = {k.value: k for k in QuestionKind}
_JSS_RANGE = re.compile(r"([0-9]{1,3})(?:-([0-9]{1,3}))?$")


def parse_notation(text: str, *, as_of: date) -> ParseResult:
    """Read the compact notation. `as_of` is not used for dates (the notation has only
    absolute ones) and is not copied in: the situation's as-of date is `as-of:` or none."""
    del as_of
    if len(text) > NOTATION_MAX_CHARS:
        raise ParseError(f"That is {len(text):,} characters; the limit is {NOTATION_MAX_CHARS:,}.")
    line = " ".join(clean(text).split())
    if not line:
        raise ParseError("The notation is empty. Example: `0 neg-private ask; 5600 5*; top-rated`.")
    data: dict[str, Any] = {"freelancer": {}, "contracts": [], "events": {}, "intents": []}
    no_contracts = False
    for number, part in enumerate(line.split(";"), start=1):
        words = part.split()
        if not words:
            continue
        if _AMOUNT.match(words[0]):
            data["contracts"].append(_contract(words, len(data["contracts"]), number))
            continue
        for word in words:
            no_contracts = _setting(word, data, number) or no_contracts
    if no_contracts and data["contracts"]:
        raise ParseError(
            "`no-contracts` was given, but contracts are listed too; drop one of them."
        )
    situation = checked_situation(data)
    return ParseResult(
        situation=situation, understood=(render_notation(situation),), source="notation"
    )


def _bad(word: str, number: int, valid: str) -> ParseError:
    return ParseError(
        f"Part {number}: I don't know `{snippet(word)}`. Valid here: {valid}. See /jss help."
    )


_CONTRACT_VALID = (
    "5*, 9/10, pos-private, neg-private, neutral-private, given, no-fb, pending, expect-neg, "
    "open, ended, hourly, fixed, 4mo, start:DATE, end:DATE, paid:DATE, refund, dispute, "
    "suspended, removed, ask, client:NAME"
)
_SETTING_VALID = (
    "an amount to start a contract, or top-rated, top-rated-plus, rising-talent, expert-vetted, "
    "no-badge, jss:92, jss:90-91, prev-jss:N, jobs:N, has-jss, no-jss, perk-used:DATE, "
    "since-perk:N, threat, scope, unfunded, unreleased, unresponsive, reinstated, off-platform, "
    "written, verbal, intent:NAME, question:KIND, as-of:DATE, no-contracts"
)


def _contract(words: list[str], index: int, number: int) -> dict[str, Any]:
    amount = words[0].lower().lstrip("$").replace(",", "")
    contract: dict[str, Any] = {"client": client_label(index)}
    if amount != "?":
        scale = 1000.0 if amount.endswith("k") else 1.0
        contract["earnings"] = float(amount.removesuffix("k")) * scale
    given = False
    for word in words[1:]:
        lower = word.lower()
        key, _, value = word.partition(":")
        if lower in _CONTRACT_WORDS:
            name, setting = _CONTRACT_WORDS[lower]
            contract[name] = setting
            given = given or name == "private_sentiment"
        elif (stars := _STARS.match(lower)) is not None:
            contract["stars"] = float(stars.group(1))
            given = True
        elif (rating := _RATING.match(lower)) is not None:
            contract["private_rating"] = int(rating.group(1))
            given = True
        elif (months := _MONTHS.match(lower)) is not None:
            contract["paid_months"] = int(months.group(1))
        elif key.lower() in _CONTRACT_DATES and value:
            contract[_CONTRACT_DATES[key.lower()]] = _date(value, word, number)
        elif key.lower() == "client" and value:
            contract["client"] = _decode(value, word, number)
        else:
            raise _bad(word, number, _CONTRACT_VALID)
    if given and "feedback" not in contract:
        contract["feedback"] = FeedbackStatus.GIVEN  # details imply the feedback is there
    return contract


def _setting(word: str, data: dict[str, Any], number: int) -> bool:
    """Apply one setting; True when it is `no-contracts`."""
    lower = word.lower()
    key, _, value = lower.partition(":")
    freelancer, events = data["freelancer"], data["events"]
    if lower in _BADGES:
        freelancer["badge"] = _BADGES[lower]
    elif lower in _EVENT_WORDS:
        events[_EVENT_WORDS[lower]] = True
    elif lower in ("written", "verbal"):
        events["evidence_in_writing"] = lower == "written"
    elif lower in ("has-jss", "no-jss"):
        freelancer["has_score"] = lower == "has-jss"
    elif lower == "no-contracts":
        return True
    elif value and key in _VALUE_SETTINGS:
        _VALUE_SETTINGS[key](value, word, number, data)
    else:
        raise _bad(word, number, _SETTING_VALID)
    return False


def _set_jss(value: str, word: str, number: int, data: dict[str, Any]) -> None:
    match = _JSS_RANGE.match(value)
    if match is None:
        raise ParseError(
            f"Part {number}: `{snippet(word)}` needs a score or a range, e.g. `jss:92` or "
            "`jss:90-91`."
        )
    data["freelancer"]["shown_jss"] = int(match[1])
    if match[2] is not None:
        data["freelancer"]["shown_jss_high"] = int(match[2])


def _set_previous(value: str, word: str, number: int, data: dict[str, Any]) -> None:
    data["freelancer"]["previous_jss"] = _int(value, word, number)


def _set_jobs(value: str, word: str, number: int, data: dict[str, Any]) -> None:
    data["freelancer"]["jobs"] = _int(value, word, number)


def _set_question(value: str, word: str, number: int, data: dict[str, Any]) -> None:
    if value not in _QUESTIONS:
        raise ParseError(
            f"Part {number}: `{snippet(word)}` names no kind of question I know. "
            f"Valid: {', '.join(_QUESTIONS)}."
        )
    data["question"] = _QUESTIONS[value]


def _set_since(value: str, word: str, number: int, data: dict[str, Any]) -> None:
    data["freelancer"]["completed_since_perk"] = _int(value, word, number)


def _set_perk(value: str, word: str, number: int, data: dict[str, Any]) -> None:
    data["freelancer"]["perk_last_used"] = _date(value, word, number)


def _set_as_of(value: str, word: str, number: int, data: dict[str, Any]) -> None:
    data["as_of"] = _date(value, word, number)


def _set_intents(value: str, word: str, number: int, data: dict[str, Any]) -> None:
    for name in value.split(","):
        if name not in _INTENTS:
            raise ParseError(
                f"Part {number}: `{snippet(word)}` names no intent I know. "
                f"Valid: {', '.join(_INTENTS)}."
            )
        data["intents"].append(_INTENTS[name])


_VALUE_SETTINGS: dict[str, Callable[[str, str, int, dict[str, Any]], None]] = {
    "jss": _set_jss,
    "prev-jss": _set_previous,
    "jobs": _set_jobs,
    "question": _set_question,
    "since-perk": _set_since,
    "perk-used": _set_perk,
    "as-of": _set_as_of,
    "intent": _set_intents,
}


def _int(value: str, word: str, number: int) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        raise ParseError(f"Part {number}: `{snippet(word)}` needs a whole number, e.g. `jss:92`.")
    return int(value)


def _date(value: str, word: str, number: int) -> date:
    try:
        return date.fromisoformat(value) if len(value) == 10 else date.fromisoformat("invalid")
    except ValueError:
        raise ParseError(
            f"Part {number}: `{snippet(word)}` needs a date written YYYY-MM-DD, e.g. 2024-03-02."
        ) from None


def _decode(value: str, word: str, number: int) -> str:
    try:
        raw = bytes(_hex_pairs(value))
        return raw.decode("utf-8")
    except ValueError:
        raise ParseError(
            f"Part {number}: `{snippet(word)}` is not a client name I can read; use letters, "
            "digits and dashes (other characters as %XX)."
        ) from None


def _hex_pairs(value: str) -> list[int]:
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
    return out


def _encode(label: str) -> str:
    # Only letters, digits and dashes stay as they are, so no label can look like
    # markup, a mention or a separator once the line is cleaned and split.
    return "".join(
        ch
        if _SAFE_LABEL.match(ch)
        else "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        for ch in label
    )


def _num(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def render_notation(situation: Situation) -> str:
    """The canonical notation of a situation (defaults left out)."""
    parts = [_render_contract(c, i) for i, c in enumerate(situation.contracts)]
    if not parts:
        parts.append("no-contracts")
    freelancer, events = situation.freelancer, situation.events
    if freelancer.badge is not None:
        parts.append("no-badge" if freelancer.badge is Badge.NONE else freelancer.badge.value)
    if freelancer.shown_jss is not None:
        high = freelancer.shown_jss_high
        parts.append(f"jss:{freelancer.shown_jss}" + (f"-{high}" if high is not None else ""))
    if freelancer.previous_jss is not None:
        parts.append(f"prev-jss:{freelancer.previous_jss}")
    if freelancer.jobs is not None:
        parts.append(f"jobs:{freelancer.jobs}")
    if freelancer.has_score is not None:
        parts.append("has-jss" if freelancer.has_score else "no-jss")
    if freelancer.perk_last_used is not None:
        parts.append(f"perk-used:{freelancer.perk_last_used.isoformat()}")
    if freelancer.completed_since_perk is not None:
        parts.append(f"since-perk:{freelancer.completed_since_perk}")
    parts.extend(word for word, name in _EVENT_WORDS.items() if getattr(events, name))
    if events.evidence_in_writing is not None:
        parts.append("written" if events.evidence_in_writing else "verbal")
    if situation.intents:
        parts.append("intent:" + ",".join(i.value for i in situation.intents))
    if situation.question is not None:
        parts.append(f"question:{situation.question.value}")
    if situation.as_of is not None:
        parts.append(f"as-of:{situation.as_of.isoformat()}")
    return "; ".join(parts)


def _render_contract(contract: Contract, index: int) -> str:
    words = ["?" if contract.earnings is None else _num(contract.earnings)]
    if contract.client != client_label(index):
        words.append(f"client:{_encode(contract.client)}")
    if contract.status is Status.OPEN:
        words.append("open")
    if contract.pay is not Pay.UNKNOWN:
        words.append(contract.pay.value)
    for word, name in _CONTRACT_DATES.items():
        when = getattr(contract, name)
        if when is not None:
            words.append(f"{word}:{when.isoformat()}")
    if contract.paid_months is not None:
        words.append(f"{contract.paid_months}mo")
    details = False
    if contract.stars is not None:
        words.append(f"{_num(contract.stars)}*")
        details = True
    if contract.private_rating is not None:
        words.append(f"{contract.private_rating}/10")
        details = True
    if contract.private_sentiment is not None:
        words.append(f"{_sentiment_word(contract.private_sentiment)}-private")
        details = True
    if contract.feedback is FeedbackStatus.NONE:
        words.append("no-fb")
    elif contract.feedback is FeedbackStatus.GIVEN and not details:
        words.append("given")
    if contract.expected is not None:
        words.append(f"expect-{_sentiment_word(contract.expected)}")
    words.extend(word for word, name in _CONTRACT_FLAGS.items() if getattr(contract, name))
    return " ".join(words)


def _sentiment_word(sentiment: Sentiment) -> str:
    return next(word for word, value in _SENTIMENTS.items() if value is sentiment)
