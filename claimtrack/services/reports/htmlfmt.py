"""The HTML report: one self-contained file (inline CSS, an inline SVG chart, no JavaScript).

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
from claimtrack.services.reports.model import ArticleGroup, ClaimItem, ReportTotals
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
    totals: ReportTotals, attention: Iterator[ClaimItem], groups: Iterator[ArticleGroup], out: TextIO
) -> None:
    stream = _template().generate(
        totals=totals,
        described=totals.filter.describe(),
        chart=status_chart(totals),
        attention=attention,
        groups=groups,
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
