"""The compact notation: one line that states a situation exactly.

Parts are separated by `;`. A part that starts with an amount is a contract;
any other part holds settings. Tokens are separated by spaces; case does not
matter except inside client labels. `render_notation` writes the canonical form,
and `parse_notation(render_notation(s)).situation == s` for every valid
Situation, so the notation is also how the bot shows exactly what it read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from advice.situation import Contract, FeedbackStatus, Situation, client_label
from commands.parsing.notation_words import (
    AMOUNT,
    CONTRACT_WORDS,
    NO_CONTRACTS,
    SETTING_WORDS,
    ContractWord,
    SettingWord,
    WordError,
    help_text,
    numeral,
    valid_list,
)
from commands.parsing.result import ParseError, ParseResult, checked_situation
from commands.parsing.sanitize import clean, snippet

NOTATION_MAX_CHARS = 500_000
"""Rendered situations of up to 500 contracts must read back; member text is capped lower."""

NOTATION_HELP = help_text()

_AMOUNT = re.compile(AMOUNT + "$")
_CONTRACT = [(re.compile(w.pattern, re.IGNORECASE), w) for w in CONTRACT_WORDS]
_SETTINGS = [(re.compile(w.pattern, re.IGNORECASE), w) for w in SETTING_WORDS]
_CONTRACT_VALID = valid_list(CONTRACT_WORDS)
_SETTING_VALID = f"an amount to start a contract, or {valid_list(SETTING_WORDS)}, {NO_CONTRACTS}"


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
            if word.lower() == NO_CONTRACTS:
                no_contracts = True
            else:
                _read(word, _SETTINGS, data, number, _SETTING_VALID)
    if no_contracts and data["contracts"]:
        raise ParseError(
            f"`{NO_CONTRACTS}` was given, but contracts are listed too; drop one of them."
        )
    situation = checked_situation(data)
    return ParseResult(
        situation=situation, understood=(render_notation(situation),), source="notation"
    )


def _read(
    word: str,
    table: Sequence[tuple[re.Pattern[str], ContractWord | SettingWord]],
    data: dict[str, Any],
    number: int,
    valid: str,
) -> None:
    """Read one word by the first row of `table` whose shape it has."""
    for pattern, row in table:
        match = pattern.fullmatch(word)
        if match is None:
            continue
        try:
            row.read(match, data)
        except WordError as error:
            raise ParseError(f"Part {number}: `{snippet(word)}` {error}.") from None
        return
    raise ParseError(
        f"Part {number}: I don't know `{snippet(word)}`. Valid here: {valid}. See /jss help."
    )


def _contract(words: list[str], index: int, number: int) -> dict[str, Any]:
    amount = words[0].lower().lstrip("$").replace(",", "")
    contract: dict[str, Any] = {"client": client_label(index)}
    if amount != "?":
        scale = 1000.0 if amount.endswith("k") else 1.0
        contract["earnings"] = float(amount.removesuffix("k")) * scale
    for word in words[1:]:
        _read(word, _CONTRACT, contract, number, _CONTRACT_VALID)
    details = ("stars", "private_rating", "private_sentiment")
    if any(name in contract for name in details) and "feedback" not in contract:
        contract["feedback"] = FeedbackStatus.GIVEN  # details imply the feedback is there
    return contract


def render_notation(situation: Situation) -> str:
    """The canonical notation of a situation (defaults left out)."""
    parts = [_render_contract(c, i) for i, c in enumerate(situation.contracts)]
    if not parts:
        parts.append(NO_CONTRACTS)
    parts.extend(word for row in SETTING_WORDS for word in row.write(situation))
    return "; ".join(parts)


def _render_contract(contract: Contract, index: int) -> str:
    words = ["?" if contract.earnings is None else numeral(contract.earnings)]
    words.extend(word for row in CONTRACT_WORDS for word in row.write(contract, index))
    return " ".join(words)


_ASIDE = re.compile(r" \(.*\)$")


def _meaning(word: str, rows: Sequence[tuple[re.Pattern[str], ContractWord | SettingWord]]) -> str:
    for pattern, row in rows:
        match = pattern.fullmatch(word)
        if match is not None:
            meaning = _ASIDE.sub("", row.meaning)
            value = match.group(1) if match.groups() else None
            return f"{meaning}: {value}" if value is not None else meaning
    return word


def said_back(before: Situation, after: Situation) -> list[str]:
    """What `after` says that `before` did not, in the words of the notation's meanings
    ("still open", "jobs in your history: 40"): how a continued answer says what changed."""
    lines: list[str] = []
    for index, contract in enumerate(after.contracts):
        old = before.contracts[index] if index < len(before.contracts) else None
        new_words = _render_contract(contract, index).split()
        old_words = _render_contract(old, index).split() if old is not None else []
        who = "" if contract.in_question else f"contract {index + 1}: "
        if old is None:
            lines.append(f"{who}a contract of ${contract.earnings or 0:,.0f}")
        elif new_words[0] != old_words[0] and contract.earnings is not None:
            lines.append(f"{who}it earned ${contract.earnings:,.0f}")
        lines += [f"{who}{_meaning(w, _CONTRACT)}" for w in new_words[1:] if w not in old_words]
    old_settings = {word for row in SETTING_WORDS for word in row.write(before)}
    lines += [
        _meaning(word, _SETTINGS)
        for row in SETTING_WORDS
        for word in row.write(after)
        if word not in old_settings
    ]
    return lines
