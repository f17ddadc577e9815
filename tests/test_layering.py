"""The dependency arrows of ARCHITECTURE.md: the core never learns which platform it serves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "advice": {
        "asyncio",
        "aiohttp",
        "aiosqlite",
        "asyncpg",
        "discord",
        "slack_bolt",
        "slack_sdk",
        "storage",
        "commands",
        "bot",
    },
    "commands": {"discord", "slack_bolt", "slack_sdk", "aiohttp", "aiosqlite", "asyncpg", "bot"},
    "storage": {"discord", "slack_bolt", "slack_sdk", "commands", "bot"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_point_inward(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in imported_roots(path) & FORBIDDEN[package]
    }
    assert not wrong, sorted(wrong)


def test_the_check_itself_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import asyncio\nfrom discord import ui\nfrom . import sibling\n")
    assert imported_roots(sample) == {"asyncio", "discord"}
