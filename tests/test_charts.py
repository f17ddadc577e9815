"""Scenario charts: the data matches the answer's scenarios, the PNG decodes at its size."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from PIL import Image

from advice.answer import Answer
from advice.engine import advise
from commands.charts.data import ScenarioChart, scenario_chart
from commands.charts.draw import HEIGHT_PX, WIDTH_PX, chart_png, figure
from commands.parsing import parse_notation, parse_situation
from commands.render import answer_reply

TODAY = date(2026, 3, 2)
DORMANT_TODAY = "JSS 92%, Top Rated, a client went silent on an open hourly contract 4 months ago"
DORMANT_2019 = "Top Rated at 91%, open $0 contract with no activity for 2 months, 30 jobs"


def answer_to(text: str, as_of: date = TODAY) -> Answer:
    parsed = parse_situation(text, as_of=as_of)
    return advise(parsed.situation, as_of=as_of, missing=parsed.missing)


def chart_of(answer: Answer) -> ScenarioChart:
    chart = scenario_chart(answer)
    assert chart is not None
    return chart


def test_one_row_per_action_open_with_its_figures() -> None:
    answer = answer_to(DORMANT_TODAY)
    chart = chart_of(answer)
    open_ = [s for s in answer.scenarios if s.available and s.likely is not None]
    assert [row.action for row in chart.rows] == [s.action for s in open_]
    for row, scenario in zip(chart.rows, open_, strict=True):
        assert (row.best, row.likely, row.worst) == (scenario.best, scenario.likely, scenario.worst)
    assert chart.current == 92
    assert chart.top_rated == 90
    assert not chart.biweekly  # the daily era: no update dates


def test_a_biweekly_era_gives_each_action_its_sunday_update() -> None:
    answer = answer_to(DORMANT_2019, as_of=date(2019, 5, 1))
    chart = chart_of(answer)
    assert chart.biweekly
    lands = {row.action: row.lands_on for row in chart.rows}
    assert lands["end-now-feedback"] == date(2019, 5, 5)
    assert all(day is None or day.weekday() == 6 for day in lands.values())
    # Waiting lands later than ending now: it counts only once the contract is dormant.
    assert lands["wait"] is not None and lands["wait"] > lands["end-now-feedback"]


def test_the_figure_draws_the_chart_data() -> None:
    chart = chart_of(answer_to(DORMANT_2019, as_of=date(2019, 5, 1)))
    ax = figure(chart).axes[0]
    rows = list(reversed(chart.rows))
    (ranges,) = [c for c in ax.collections if c.get_gid() == "range"]
    assert isinstance(ranges, LineCollection)
    segments = [tuple(segment[:, 0]) for segment in ranges.get_segments()]
    assert segments == [(row.worst, row.best) for row in rows]
    lines = {line.get_gid(): line for line in ax.get_lines() if isinstance(line, Line2D)}
    assert list(lines["likely"].get_xdata()) == [row.likely for row in rows]
    assert list(lines["now"].get_xdata()) == [chart.current, chart.current]
    assert list(lines["top-rated"].get_xdata()) == [90, 90]
    updates = {t.get_gid(): t.get_text() for t in ax.texts if isinstance(t, Annotation)}
    assert len(updates) == len(chart.rows)
    for row in chart.rows:
        assert row.lands_on is not None
        assert updates[f"update:{row.action}"] == f"update {row.lands_on:%b %d}"
    labels = [tick.get_text().replace("\n", " ") for tick in ax.get_yticklabels()]
    assert labels == [row.title for row in rows]


def test_the_png_decodes_at_chat_preview_size() -> None:
    png = chart_png(chart_of(answer_to(DORMANT_TODAY)))
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.size == (WIDTH_PX, HEIGHT_PX) == (800, 400)


def test_the_alt_text_says_the_chart_in_words() -> None:
    chart = chart_of(answer_to(DORMANT_2019, as_of=date(2019, 5, 1)))
    text = chart.alt_text()
    assert "Your score now: 91%" in text and "Top Rated line: 90%" in text
    for row in chart.rows:
        assert row.title in text
        assert f"likely {row.likely:.0f}%" in text
        assert f"Sunday {row.lands_on}" in text


def test_the_chat_answer_carries_its_chart() -> None:
    answer = answer_to(DORMANT_TODAY)
    assert answer_reply(answer).chart == scenario_chart(answer)


@settings(max_examples=40, deadline=None)
@given(
    amounts=st.lists(st.integers(min_value=0, max_value=20_000), min_size=1, max_size=5),
    feedback=st.lists(st.sampled_from(["5*", "2*", "neg-private", ""]), min_size=5, max_size=5),
    score=st.one_of(st.none(), st.integers(min_value=60, max_value=100)),
    year=st.sampled_from([2019, 2022, 2026]),
)
def test_every_row_is_an_open_action_in_order_and_bounded(
    amounts: list[int], feedback: list[str], score: int | None, year: int
) -> None:
    # A $0 contract cannot carry public stars: its feedback can only be private.
    words = [
        w if a or w in ("", "neg-private") else "neg-private"
        for a, w in zip(amounts, feedback, strict=False)
    ]
    parts = [f"{amount} {word}".strip() for amount, word in zip(amounts, words, strict=True)]
    if score is not None:
        parts.append(f"jss:{score}")
    as_of = date(year, 3, 2)
    parsed = parse_notation("; ".join(parts), as_of=as_of)
    answer = advise(parsed.situation, as_of=as_of, missing=parsed.missing)
    chart = scenario_chart(answer)
    open_ = [s.action for s in answer.scenarios if s.available and s.likely is not None]
    if chart is None:
        assert not open_
        return
    assert [row.action for row in chart.rows] == open_
    for row in chart.rows:
        assert 0 <= row.worst <= row.likely <= row.best <= 100
        if year != 2019:
            assert row.lands_on is None


def test_advise_chart_writes_a_png(tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "advise", "--chart", str(out), DORMANT_TODAY],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"chart: {out}" in result.stderr
    with Image.open(out) as image:
        assert image.width >= 400 and image.height >= 200


def test_advise_chart_to_a_bad_path_says_so(tmp_path: Path) -> None:
    where = tmp_path / "no-such-folder" / "out.png"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "advise", "--chart", str(where), DORMANT_TODAY],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert "the chart could not be written" in result.stderr
    assert "Traceback" not in result.stderr
