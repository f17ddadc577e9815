"""Draw a chart as a PNG with matplotlib's Agg canvas (the scenario chart is drawn here).

matplotlib is imported inside the functions: it takes a good part of a second to
load, and a bot that never draws a chart (or a worker that never receives one)
should not pay for it. The figure is built on its own canvas, never through
pyplot, so that no global state is shared between charts drawn at once.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

from commands.charts import Chart
from commands.charts.data import ScenarioChart
from commands.charts.draw_outcomes import outcomes_figure

if TYPE_CHECKING:  # for the type only: importing matplotlib is the cost we defer
    from matplotlib.figure import Figure

WIDTH_PX = 800
HEIGHT_PX = 400
DPI = 100
LABEL_WIDTH = 30
"""Characters per line of an action's name beside its row."""

# Okabe-Ito colours: told apart with every common colour-vision deficiency.
RANGE_COLOUR = "#0072B2"  # blue
LIKELY_COLOUR = "#E69F00"  # orange
CURRENT_COLOUR = "#000000"  # black
TOP_RATED_COLOUR = "#009E73"  # bluish green
UPDATE_COLOUR = "#555555"


def _axis_range(chart: ScenarioChart) -> tuple[float, float]:
    """From a little below the lowest figure to 100%, so small changes stay visible."""
    lows = [row.worst for row in chart.rows] + [chart.top_rated]
    if chart.current is not None:
        lows.append(chart.current)
    low = max(0.0, min(lows) - 5)
    return low, 100.0 + (100.0 - low) * 0.02


def figure(chart: ScenarioChart) -> Figure:
    """The chart as a matplotlib figure: a row per action, best-worst as a bar, the likely
    figure as a dot, lines at the score now and at Top Rated, and each row's update."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    rows = list(reversed(chart.rows))  # the first action on top
    ys = range(len(rows))
    ax.hlines(
        list(ys),
        [row.worst for row in rows],
        [row.best for row in rows],
        colors=RANGE_COLOUR,
        linewidth=6,
        label="best to worst",
        gid="range",
    )
    ax.plot(
        [row.likely for row in rows],
        list(ys),
        "o",
        color=LIKELY_COLOUR,
        markeredgecolor="black",
        markersize=9,
        label="likely",
        gid="likely",
    )
    if chart.current is not None:
        ax.axvline(
            chart.current, color=CURRENT_COLOUR, linewidth=1.5, label="your score now", gid="now"
        )
    ax.axvline(
        chart.top_rated,
        color=TOP_RATED_COLOUR,
        linestyle="--",
        linewidth=1.5,
        label=f"Top Rated {chart.top_rated:.0f}%",
        gid="top-rated",
    )
    low, high = _axis_range(chart)
    ax.set_xlim(low, high)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_yticks(
        list(ys),
        [textwrap.fill(row.title, LABEL_WIDTH, break_on_hyphens=False) for row in rows],
        fontsize=8,
    )
    ax.set_xlabel("Job Success Score (%)")
    for y, row in zip(ys, rows, strict=True):
        if row.lands_on is not None:
            ax.annotate(
                f"update {row.lands_on:%b %d}",
                (row.best, y),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=7,
                color=UPDATE_COLOUR,
                gid=f"update:{row.action}",
            )
    ax.set_title(f"Where each action leads (rules of {chart.ruleset})", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="best", fontsize=7, framealpha=0.9)
    return fig


def chart_png(chart: Chart) -> bytes:
    """The chart as PNG bytes of WIDTH_PX x HEIGHT_PX; pure, so it runs in a worker."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if isinstance(chart, ScenarioChart):
        fig = figure(chart)
    else:
        fig = outcomes_figure(chart, WIDTH_PX, HEIGHT_PX, DPI)
    FigureCanvasAgg(fig)  # attaches itself to the figure: savefig then draws with Agg
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
