"""Read `/jss <command> <options>` lines (console, Slack) and check option values.

Platforms with typed options (Discord) skip the line parsing but go through the
same `validate_options`, so a bad value gets the same answer everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from commands.specs import COMMANDS, CommandSpec, OptionKind, OptionSpec

CASE_ID_PATTERN = re.compile(r"C-[0-9A-HJKMNP-TV-Z]{5,10}")
_PREFIX = re.compile(r"^\s*/?jss\b", re.IGNORECASE)
# "case show" must win over a shorter path that shares its first word.
_LONGEST_FIRST = sorted(COMMANDS, key=lambda spec: -len(spec.path.split()))


class UsageError(ValueError):
    """A command or option the bot cannot use; the message says what to type instead."""


@dataclass(frozen=True)
class ParsedCommand:
    spec: CommandSpec
    options: dict[str, str]


def split_command(text: str) -> tuple[CommandSpec | None, str]:
    """Find the command path at the start of `text` (after an optional `/jss`).

    Returns the longest matching command and the remaining argument text; None
    when no command matches.
    """
    body = _PREFIX.sub("", text, count=1).strip()
    for spec in _LONGEST_FIRST:
        size = len(spec.path.split())
        words = body.split(maxsplit=size)
        if [word.lower() for word in words[:size]] == spec.path.split():
            return spec, words[size].strip() if len(words) > size else ""
    return None, body


def parse_command_line(text: str) -> ParsedCommand:
    """Parse a whole `/jss ...` line into a command and its checked options."""
    spec, rest = split_command(text)
    if spec is None:
        first = rest.split(maxsplit=1)[0] if rest.strip() else ""
        hint = f"I don't know the command `{first[:30]}`. " if first else ""
        raise UsageError(f"{hint}Type `/jss help` for the list of commands.")
    raw: dict[str, str] = {}
    for option in spec.options:
        if not rest:
            break
        if option.kind is OptionKind.REST:
            raw[option.name], rest = rest, ""
        else:
            head, _, rest = rest.partition(" ")
            raw[option.name], rest = head, rest.strip()
    if rest:
        raise UsageError(f"Too many words after the command. Usage: `{spec.usage}`")
    return ParsedCommand(spec, validate_options(spec, raw))


def validate_options(spec: CommandSpec, raw: Mapping[str, str]) -> dict[str, str]:
    """Check every option value against its spec; returns the stripped values."""
    known = {option.name for option in spec.options}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise UsageError(f"`{spec.path}` has no option `{unknown[0]}`. Usage: `{spec.usage}`")
    values: dict[str, str] = {}
    for option in spec.options:
        value = (raw.get(option.name) or "").strip()
        if not value:
            if option.required:
                raise UsageError(f"`{spec.path}` needs `{option.name}`. Usage: `{spec.usage}`")
            continue
        _check_value(option, value)
        values[option.name] = value.upper() if option.kind is OptionKind.CASE_ID else value
    return values


def _check_value(option: OptionSpec, value: str) -> None:
    if len(value) > option.max_length:
        raise UsageError(
            f"`{option.name}` is {len(value):,} characters; the limit is {option.max_length:,}. "
            "Please shorten it."
        )
    if option.kind is OptionKind.CASE_ID and not CASE_ID_PATTERN.fullmatch(value.upper()):
        raise UsageError(f"`{value[:20]}` is not a case id; case ids look like C-7K2M9XQ.")
    if option.kind is OptionKind.DATE:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise UsageError(
                f"`{option.name}` must be a date like 2026-03-31, not `{value[:20]}`."
            ) from None
    if option.kind is OptionKind.CHOICE and value not in option.choices:
        raise UsageError(f"`{option.name}` must be one of: {', '.join(option.choices)}.")
