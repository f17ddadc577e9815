"""Token kinds: every kind is made by a rule or by negation, and the reader names them by
their `Kind` member, never by a string that would silently never match."""

from __future__ import annotations

import ast
from pathlib import Path

from commands.parsing.kinds import Kind
from commands.parsing.lexer import RULES
from commands.parsing.negation import NEGATED_KIND

_PARSING = Path(__file__).resolve().parent.parent / "commands" / "parsing"
_KIND_VALUES = frozenset(Kind)


def test_every_rule_makes_a_kind() -> None:
    assert all(type(kind) is Kind for kind, _ in RULES)


def test_every_kind_is_made_by_a_rule_or_by_negation() -> None:
    made = {kind for kind, _ in RULES} | {kind for kind in NEGATED_KIND.values() if kind}
    assert set(Kind) - made == set()


def _kind_strings(tree: ast.AST) -> list[str]:
    """String constants used as kinds: compared with something named kind, or the whole
    of a set literal."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any("kind" in ast.unparse(o) for o in operands):
                found += [s for o in operands if (s := _kind_string(o))]
        elif isinstance(node, ast.Set):
            strings = [_kind_string(e) for e in node.elts]
            if all(strings):
                found += strings
    return found


def _kind_string(node: ast.expr) -> str:
    """The string, when `node` is a string constant spelling a kind; else empty."""
    if isinstance(node, ast.Constant) and node.value in _KIND_VALUES:
        return str(node.value)
    return ""


def test_the_reader_names_kinds_by_their_members() -> None:
    stray = {
        path.name: strings
        for path in sorted(_PARSING.glob("*.py"))
        if (strings := _kind_strings(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert stray == {}
