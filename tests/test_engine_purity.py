"""The advice core stays pure: no async, no chat library, no storage, no shell."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ADVICE = Path(__file__).resolve().parent.parent / "advice"
FORBIDDEN = {"asyncio", "discord", "slack_bolt", "slack_sdk", "aiohttp", "aiosqlite", "asyncpg",
             "storage", "commands", "bot", "sqlite3", "socket", "subprocess"}  # fmt: skip
MAX_LINES = 400


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(ADVICE.glob("*.py")), ids=lambda p: p.name)
def test_advice_module_is_pure_and_small(path: Path) -> None:
    assert not (_imports(path) & FORBIDDEN), path.name
    assert len(path.read_text().splitlines()) < MAX_LINES
