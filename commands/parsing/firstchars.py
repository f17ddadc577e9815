"""Which characters a rule can start with, so each word start tries only the rules that fit.

Trying all rules at every word start made the single alternation the slowest
part of parsing; dispatching on the first character cuts it several times.
When a pattern's start cannot be worked out, the rule is tried everywhere.
"""

from __future__ import annotations

from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

_MAX_RANGE = 400
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match can begin with, or None when any character might."""
    try:
        parsed = sre_parser.parse(pattern)
    except Exception:
        return None
    chars, nullable = _sequence(list(parsed))
    if chars is None or nullable:
        return None
    return frozenset(chars)


def _sequence(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    found: set[str] = set()
    for op, arg in items:
        chars, nullable = _item(op, arg)
        if chars is None:
            return None, False
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _item(op: Any, arg: Any) -> tuple[set[str] | None, bool]:
    if op is sre.LITERAL:
        return {chr(arg)}, False
    if op is sre.IN:
        return _charset(arg), False
    if op is sre.SUBPATTERN:
        return _sequence(list(arg[3]))
    if op is sre.BRANCH:
        found: set[str] = set()
        nullable = False
        for branch in arg[1]:
            chars, empty = _sequence(list(branch))
            if chars is None:
                return None, False
            found |= chars
            nullable = nullable or empty
        return found, nullable
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, inner = arg
        chars, empty = _sequence(list(inner))
        return chars, empty or low == 0
    if op in _ZERO_WIDTH:
        return set(), True
    return None, False


def _charset(items: list[tuple[Any, Any]]) -> set[str] | None:
    found: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            found.add(chr(arg))
        elif op is sre.RANGE and arg[1] - arg[0] <= _MAX_RANGE:
            found.update(chr(code) for code in range(arg[0], arg[1] + 1))
        else:
            return None
    return found


def top_branches(pattern: str) -> list[str]:
    """The pattern's top-level alternatives ("a|b(c|d)" is "a" and "b(c|d)")."""
    branches: list[str] = []
    depth, start, index, in_class = 0, 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]":
                index += 1  # "[]...]": a class that holds "]"
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        index += 1
    branches.append(pattern[start:])
    return branches
