"""Draw a calibration chart: each case's likely figure against the reported score.

Like the scenario chart: matplotlib is imported only when a chart is drawn, and the
figure has its own canvas (no pyplot), so charts drawn at once share nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commands.charts.outcomes import CalibrationChart

if TYPE_CHECKING:  # for the type only: importing matplotlib is the cost we defer
    from matplotlib.figure import Figure

# Okabe-Ito colours, and a different marker for each, so that the two kinds of dot
# are told apart with every common colour-vision deficiency and in grey.
INSIDE_COLOUR = "#0072B2"  # blue
OUTSIDE_COLOUR = "#D55E00"  # vermillion
DIAGONAL_COLOUR = "#000000"


def _axis_low(chart: CalibrationChart) -> float:
    """A little below the lowest figure, so that the usual 80-100 range is not squeezed."""
    lows = [min(p.likely, p.reported) for p in chart.points] or [0.0]
    return max(0.0, min(lows) - 5)


def outcomes_figure(chart: CalibrationChart, width: float, height: float, dpi: int) -> Figure:
    """Likely (across) against reported (up): dots inside best-worst and outside it, and the
    diagonal where an estimate came exactly true."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, layout="constrained")
    ax = fig.add_subplot()
    for inside, colour, marker, label in (
        (True, INSIDE_COLOUR, "o", "inside best-worst"),
        (False, OUTSIDE_COLOUR, "^", "outside best-worst"),
    ):
        points = [p for p in chart.points if p.inside is inside]
        ax.scatter(
            [p.likely for p in points],
            [p.reported for p in points],
            s=18,
            c=colour,
            marker=marker,
            alpha=0.7,
            label=f"{label} ({len(points)})",
            gid="inside" if inside else "outside",
        )
    low, high = _axis_low(chart), 101.0
    ax.plot([low, high], [low, high], color=DIAGONAL_COLOUR, linewidth=1, label="came true")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_xlabel("Likely score estimated (%)")
    ax.set_ylabel("Score reported (%)")
    ax.set_title(f"{chart.title} ({len(chart.points)} cases)", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=7, framealpha=0.9)
    return fig
