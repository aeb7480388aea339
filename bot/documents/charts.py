"""PNG charts for /stats, drawn headless: matplotlib's Agg canvas on a Figure of our own, never
pyplot (which may pick a display backend and keeps global state across threads)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass

from bot.documents.registry import BUILDERS, BuildInput
from bot.markup import to_plain
from bot.messages import Document
from bot.services import stats

WEEKS = 8
# 1200 x 675 pixels: sharp on a phone, far inside Telegram's photo limits, ~50 KB.
SIZE_INCHES = (8.0, 4.5)
DPI = 150
# First-answer times, in hours, grouped for the chart; the last group is open-ended.
HOUR_EDGES = (4, 12, 24, 48, 96)
BLUE, GREEN, GREY, RED = "#1f5f99", "#3a9d5d", "#9a9a9a", "#c0392b"


@dataclass(frozen=True, slots=True)
class Bars:
    title: str
    labels: Sequence[str]
    # Legend, values, and one colour for the series or one per bar.
    series: Sequence[tuple[str, Sequence[float], str | Sequence[str]]]
    y_label: str


def render(bars: Bars) -> bytes:
    """One bar chart as PNG bytes. Safe in a worker thread: nothing global is touched."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    count = len(bars.series)
    width = 0.8 / max(1, count)
    for index, (legend, values, colour) in enumerate(bars.series):
        offsets = [x + (index - (count - 1) / 2) * width for x in range(len(bars.labels))]
        drawn = axes.bar(offsets, values, width, label=legend, color=colour)
        axes.bar_label(drawn, fmt="%g", fontsize=8, padding=2)
    axes.set_xticks(range(len(bars.labels)), bars.labels, fontsize=9)
    axes.set_title(bars.title, fontsize=12)
    axes.set_ylabel(bars.y_label)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts, not fractions
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)
    if count > 1:
        axes.legend(frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _t(made: BuildInput, key: str, **args: str | int) -> str:
    return to_plain(made.catalogs.text(made.language, key, **args))


@BUILDERS.register("chart:completion")
async def completion(made: BuildInput) -> Document:
    weeks = made.number("weeks", WEEKS, low=2, high=26)
    counts = await stats.weekly_lessons(made.session, made.now, weeks)
    bars = Bars(
        _t(made, "chart-completion-title", weeks=weeks),
        [f"{c.week:%d.%m}" for c in counts],
        [
            (_t(made, "chart-delivered"), [c.delivered for c in counts], BLUE),
            (_t(made, "chart-completed"), [c.completed for c in counts], GREEN),
        ],
        _t(made, "chart-lessons"),
    )
    png = await asyncio.to_thread(render, bars)
    return Document(f"lessons-{made.now:%Y-%m-%d}.png", png, "image/png")


@BUILDERS.register("chart:answer-times")
async def answer_times(made: BuildInput) -> Document:
    hours, waiting = await stats.first_answer_hours(made.session)
    target = made.policy.answer_target_hours
    labels: list[str] = []
    values: list[float] = []
    colours: list[str] = []
    low = 0
    for high in (*HOUR_EDGES, None):
        labels.append(f"{low}-{high}" if high is not None else f"{low}+")
        values.append(sum(1 for h in hours if low <= h and (high is None or h < high)))
        # Green while the whole group is within the answer target.
        colours.append(GREEN if high is not None and high <= target else RED)
        low = high if high is not None else low
    labels.append(_t(made, "chart-waiting"))
    values.append(waiting)
    colours.append(GREY)
    bars = Bars(
        _t(made, "chart-answers-title", hours=target),
        labels,
        [(_t(made, "chart-questions"), values, colours)],
        _t(made, "chart-questions"),
    )
    png = await asyncio.to_thread(render, bars)
    return Document(f"answer-times-{made.now:%Y-%m-%d}.png", png, "image/png")
