"""The HTML report: one self-contained file (inline CSS, inline SVG charts, no JavaScript).

Rendered by Jinja2 with autoescape on, streamed with ``Template.generate()``: each chunk is
written as soon as it is rendered, while the claims are still being read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, TextIO

from claimtrack import __version__
from claimtrack.domain import ClaimStatus
from claimtrack.services.reports.jsonfmt import SCHEMA
from claimtrack.services.reports.model import ArticleGroup, ClaimItem, RecentlyVerified, ReportTotals, SeenItem
from claimtrack.services.reports.safe import duration, http_url, iso, stamp, visible
from claimtrack.textsafe import noun

if TYPE_CHECKING:
    from jinja2 import Template  # imported when the first report is rendered (see _template)

STATUS_COLOURS = {
    "new": "#8a94a0",
    "in_review": "#2f6fb0",
    "verified": "#2e7d32",
    "disputed": "#c77700",
    "false": "#c62828",
    "misleading": "#8e44ad",
    "unverifiable": "#6d5d4b",
    "dismissed": "#b0b7bf",
}


@dataclass
class Bar:
    status: str
    count: int
    y: int
    width: int
    colour: str


@dataclass
class Chart:
    width: int = 460
    label_width: int = 96
    bar_room: int = 310
    height: int = 0
    bars: list[Bar] = field(default_factory=list)


def status_chart(totals: ReportTotals) -> Chart:
    """A horizontal bar chart of claims by status, laid out for the SVG in the template."""
    chart = Chart()
    top = max(totals.by_status.values(), default=0) or 1
    for i, (status, count) in enumerate(totals.by_status.items()):
        width = round(chart.bar_room * count / top)
        if count and width < 2:
            width = 2
        chart.bars.append(
            Bar(
                status=status.value, count=count, y=i * 24, width=width, colour=STATUS_COLOURS.get(status.value, "#888")
            )
        )
    chart.height = len(chart.bars) * 24 + 4
    return chart


@dataclass
class Backlog:
    """The backlog chart's layout: a line of open claims above, bars of verdicts a day below."""

    width: int = 460
    height: int = 150
    left: int = 8
    right: int = 452
    open_top: int = 22
    open_bottom: int = 78
    bars_top: int = 100
    bars_bottom: int = 128
    points: str = ""
    area: str = ""
    bars: list[tuple[str, str, str, str]] = field(default_factory=list)
    """``(x, y, width, height)`` of each day with verdicts, formatted."""
    most_open: int = 0
    most_verdicts: int = 0
    first_day: str = ""
    last_day: str = ""
    label: str = ""
    """What the chart shows, in words (its ``aria-label`` and ``<title>``)."""


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def backlog_chart(totals: ReportTotals) -> Backlog | None:
    """The backlog over the period, laid out for the SVG in the template (``None``: no days)."""
    days = totals.backlog.days
    if not days:
        return None
    chart = Backlog()
    step = (chart.right - chart.left) / len(days)
    chart.most_open = max(d.open for d in days)
    chart.most_verdicts = max(d.verdicts for d in days)
    open_scale = (chart.open_bottom - chart.open_top) / (chart.most_open or 1)
    xs = [chart.left + step * (i + 0.5) for i in range(len(days))]
    ys = [chart.open_bottom - d.open * open_scale for d in days]
    if len(days) == 1:  # one day: a level line across
        xs, ys = [chart.left, chart.right], ys * 2
    line = [f"{_n(x)},{_n(y)}" for x, y in zip(xs, ys, strict=True)]
    chart.points = " ".join(line)
    chart.area = f"{_n(xs[0])},{chart.open_bottom} {chart.points} {_n(xs[-1])},{chart.open_bottom}"
    bar_scale = (chart.bars_bottom - chart.bars_top) / (chart.most_verdicts or 1)
    bar_width = max(1.0, step * 0.7)
    for i, d in enumerate(days):
        if d.verdicts:
            height = max(1.0, d.verdicts * bar_scale)
            x = chart.left + step * i + (step - bar_width) / 2
            chart.bars.append((_n(x), _n(chart.bars_bottom - height), _n(bar_width), _n(height)))
    chart.first_day, chart.last_day = days[0].day.isoformat(), days[-1].day.isoformat()
    span = chart.first_day if len(days) == 1 else f"{chart.first_day} to {chart.last_day}"
    verdicts = totals.backlog.verdicts
    chart.label = (
        f"Backlog, {span}: open check-worthy claims at the end of each day from {days[0].open} to {days[-1].open} "
        f"(highest {chart.most_open}); {verdicts} {noun(verdicts, 'verdict')} given "
        f"(most in a day: {chart.most_verdicts})"
    )
    return chart


def _open_work_items(work: dict[str, int]) -> list[tuple[str, int]]:
    named = sorted(((k, v) for k, v in work.items() if k), key=lambda kv: (-kv[1], kv[0]))
    if work.get(""):
        named.append(("", work[""]))
    return named


@lru_cache(maxsize=1)
def _template() -> Template:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("claimtrack", "templates"),
        autoescape=True,  # every {{ }} is HTML-escaped unless it is Markup from a macro
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["v"] = visible
    env.globals["noun"] = noun
    return env.get_template("report.html.j2")


def write_html(
    totals: ReportTotals,
    attention: Iterator[ClaimItem],
    verified: RecentlyVerified,
    groups: Iterator[ArticleGroup],
    out: TextIO,
    *,
    seen: Iterator[SeenItem] | None = None,
) -> None:
    stream = _template().generate(
        totals=totals,
        described=totals.filter.describe(),
        chart=status_chart(totals),
        backlog=backlog_chart(totals),
        attention=attention,
        verified=verified,
        seen=seen if seen is not None else iter(()),
        groups=groups,
        schema=SCHEMA,
        stamp=stamp,
        iso=iso,
        duration=duration,
        http_url=http_url,
        open_work_items=_open_work_items,
        version=__version__,
        labels={s.value: s.value.replace("_", " ") for s in ClaimStatus},
    )
    # Jinja yields a chunk per template fragment: batch them into fewer, larger writes.
    batch: list[str] = []
    for chunk in stream:
        batch.append(chunk)
        if len(batch) >= 512:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))
