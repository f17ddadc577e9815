"""The console's chart: the answer first, then the PNG's path; a failed chart costs nothing."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from bot.adapters.console import ConsoleAdapter
from commands.dispatcher import Dispatcher
from commands.handlers import HANDLERS
from commands.services import Services

QUESTION = (
    "/jss check JSS 92%, Top Rated, a client went silent on an open hourly contract 4 months ago\n"
)


async def run_console(chart_dir: Path | None) -> str:
    out = io.StringIO()
    console = ConsoleAdapter(
        Dispatcher(Services(), HANDLERS),
        input_stream=io.StringIO(QUESTION),
        output_stream=out,
        chart_dir=chart_dir,
    )
    await console.start()
    await asyncio.wait_for(console.finished.wait(), 60)
    await console.stop()
    return out.getvalue()


async def test_the_chart_is_written_after_the_answer_and_its_path_printed(
    tmp_path: Path,
) -> None:
    text = await run_console(tmp_path / "charts")
    assert "Your JSS" in text
    found = re.search(r"Chart: (\S+\.png)", text)
    assert found is not None, text
    assert text.index("Your JSS") < found.start()
    with Image.open(found.group(1)) as image:
        assert image.size == (800, 400)


async def test_a_chart_that_cannot_be_saved_leaves_the_answer(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the chart folder should be")
    text = await run_console(blocker)
    assert "Your JSS" in text
    assert "the chart could not be saved" in text
    assert "Traceback" not in text


async def test_a_chart_that_fails_to_draw_leaves_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(chart: object) -> bytes:
        raise RuntimeError("no fonts on this machine")

    monkeypatch.setattr("commands.charts.render.chart_png", broken)
    text = await run_console(tmp_path / "charts")
    assert "Your JSS" in text and "Chart:" not in text
    assert "a chart could not be drawn (RuntimeError)" in caplog.text
    assert not (tmp_path / "charts").exists()
