"""The README's examples are the bot's real answers: run them, compare what it shows."""

from __future__ import annotations

import re
import shlex
from datetime import date
from pathlib import Path

import pytest

from advice.clock import FixedClock
from bot.cli import main
from commands.render import ANSWER_WORDS

README = Path(__file__).resolve().parent.parent / "README.md"
SHOWN_ON = date(2026, 12, 2)
"""The day the README's example answer was written for (its footer says so)."""

_ADVISE = re.compile(r"^\.venv/bin/jss-helper advise (.+)$", re.MULTILINE)
_SHOWN = re.compile(r"The first answers like this.*?```text\n(.*?)\n```", re.DOTALL)


def _examples() -> list[list[str]]:
    return [shlex.split(line) for line in _ADVISE.findall(README.read_text(encoding="utf-8"))]


def _advise(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["advise", *args], clock=FixedClock(SHOWN_ON)) == 0
    return capsys.readouterr().out


def test_the_readme_has_the_three_advise_examples() -> None:
    assert len(_examples()) == 3


@pytest.mark.parametrize("args", _examples(), ids=lambda a: a[0])
def test_each_readme_example_answers_in_the_new_shape(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = _advise(args, capsys)
    if "--json" in args:
        assert '"headline"' in out and '"question"' in out and '"baseline"' in out
        return
    title, headline, *_ = out.split("\n\n")
    assert title == "Your JSS" and headline.endswith(".")
    answer = out.split("\nDetails\n", 1)[0] if "--details" in args else out
    assert len(answer.split()) <= ANSWER_WORDS + 10  # the buttons' lines are commands


def test_the_answer_shown_in_the_readme_is_the_bots_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = _SHOWN.search(README.read_text(encoding="utf-8"))
    assert shown is not None
    first = _examples()[0]
    assert _advise(first, capsys).strip() == shown.group(1).strip()
