"""How a pattern's matches can open, so each word start tries only the rules that fit.

Trying all rules at every word start made the single alternation the slowest
part of parsing; dispatching on the first few characters cuts it several times.
When a pattern's start cannot be worked out, the rule is tried everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

_MAX_RANGE = 400
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


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


_MAX_OPENINGS = 5000
"""A pattern that may open in more ways than this is tried everywhere."""


class _Unknown(Exception):
    """A piece of pattern whose start is not worked out (a class like \\w, a backreference)."""


def openings(
    pattern: str, width: int, fold: Mapping[str, str] | None = None
) -> frozenset[str] | None:
    """How a match can open: the `width` characters it can start with, or the whole match
    when it can be shorter ("" when it can be empty); None when not worked out. A match
    at a position is possible only if the text there starts with one of them.

    `fold`: characters written as another that stands for them all (every digit as "0"),
    so that a pattern opening with three digits opens one way, not a thousand; a match is
    then possible only where the text, folded so, starts with an opening."""
    try:
        parsed = sre_parser.parse(pattern)
    except Exception:
        return None
    try:
        return frozenset(_Openings(fold or {}).sequence(list(parsed), width))
    except _Unknown:
        return None


class _Openings:
    """The openings of the parts of one pattern, `fold` applied to every character."""

    def __init__(self, fold: Mapping[str, str]) -> None:
        self.fold = fold

    def sequence(self, items: list[tuple[Any, Any]], width: int) -> set[str]:
        """The openings of the items matched one after another."""
        found = {""}
        for op, arg in items:
            going = {s for s in found if len(s) < width}
            if not going:
                break
            found = {s for s in found if len(s) >= width} | {
                s + t for s in going for t in self.item(op, arg, width - len(s))
            }
            if len(found) > _MAX_OPENINGS:
                raise _Unknown
        return found

    def item(self, op: Any, arg: Any, width: int) -> set[str]:
        if op is sre.LITERAL:
            return {self._folded(chr(arg))}
        if op is sre.IN:
            return {self._folded(char) for char in _charset(arg)}
        if op is sre.SUBPATTERN:
            if arg[1]:  # inline flags (a case-blind part) change what matches
                raise _Unknown
            return self.sequence(list(arg[3]), width)
        if op is sre.BRANCH:
            return {s for branch in arg[1] for s in self.sequence(list(branch), width)}
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            return self.repeat(arg, width)
        if op in _ZERO_WIDTH:
            return {""}  # an assertion only ever rules matches out: passing over it is safe
        raise _Unknown

    def repeat(self, arg: Any, width: int) -> set[str]:
        """The openings of a part repeated `low` to `high` times: a repetition only
        lengthens openings shorter than `width`, so after a few more the openings stop
        changing."""
        low, high, inner = arg
        items = list(inner)
        once = {left: self.sequence(items, left) for left in range(1, width + 1)}
        found: set[str] = set()
        current = {""}
        count = 0
        while True:
            if count >= low:
                found |= current
            if count == high:
                return found
            following = {s for s in current if len(s) >= width} | {
                s + t for s in current if len(s) < width for t in once[width - len(s)]
            }
            count += 1
            if count > low and following == current:
                return found
            if count > low + width + 1:
                raise _Unknown
            current = following

    def _folded(self, char: str) -> str:
        return self.fold.get(char, char)


def _charset(items: list[tuple[Any, Any]]) -> set[str]:
    found: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            found.add(chr(arg))
        elif op is sre.RANGE and arg[1] - arg[0] <= _MAX_RANGE:
            found.update(chr(code) for code in range(arg[0], arg[1] + 1))
        else:
            raise _Unknown
    return found
