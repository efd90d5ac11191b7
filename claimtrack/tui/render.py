"""Turning claimtrack data into Rich ``Text``: status badges, safe strings, times.

Every string that came from an article, a claim or a checker goes through :func:`safe` and
into a ``Text`` object (never into a markup string), so ``[bold]``, ``[link=...]``, ANSI
escapes and other control characters are shown literally and never style the screen.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from rich.style import Style
from rich.text import Text

from claimtrack.domain import ClaimStatus, MatchKind, MatchState
from claimtrack.services.views import SimilarItem
from claimtrack.textsafe import terminal_safe

#: A label for every status: the queue is readable without colour.
STATUS_LABELS: dict[str, str] = {
    ClaimStatus.NEW: "NEW",
    ClaimStatus.IN_REVIEW: "IN REVIEW",
    ClaimStatus.VERIFIED: "VERIFIED",
    ClaimStatus.DISPUTED: "DISPUTED",
    ClaimStatus.FALSE: "FALSE",
    ClaimStatus.MISLEADING: "MISLEADING",
    ClaimStatus.UNVERIFIABLE: "UNVERIFIABLE",
    ClaimStatus.DISMISSED: "DISMISSED",
}

#: Foreground colour of each status (used on the default dark and light themes alike).
STATUS_COLOURS: dict[str, str] = {
    ClaimStatus.NEW: "#5fafff",
    ClaimStatus.IN_REVIEW: "#ffd75f",
    ClaimStatus.VERIFIED: "#5fd75f",
    ClaimStatus.DISPUTED: "#ff875f",
    ClaimStatus.FALSE: "#ff5f5f",
    ClaimStatus.MISLEADING: "#d787ff",
    ClaimStatus.UNVERIFIABLE: "#a8a8a8",
    ClaimStatus.DISMISSED: "#808080",
}

STATUS_WIDTH = max(len(label) for label in STATUS_LABELS.values())


def status_style(status: str) -> Style:
    return Style(color=STATUS_COLOURS.get(status, "white"), bold=True)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, terminal_safe(status, single_line=True).upper())


def status_badge(status: str, *, width: int | None = None) -> Text:
    """The status as coloured text: ``DISPUTED``, padded to ``width``."""
    label = status_label(status)
    if width is not None:
        label = label.ljust(width)[:width]
    return Text(label, style=status_style(status))


def safe(value: object | None, *, single_line: bool = True) -> str:
    """A string from the database, with control characters made visible."""
    if value is None:
        return ""
    return terminal_safe(str(value), single_line=single_line)


def plain(value: object | None, style: str | Style = "", *, single_line: bool = True) -> Text:
    """``Text`` holding ``value`` literally (no markup is parsed)."""
    return Text(safe(value, single_line=single_line), style=style)


def fit(value: str, width: int) -> str:
    """``value`` cut to ``width`` characters with an ellipsis, padded with spaces."""
    if width <= 0:
        return ""
    if len(value) > width:
        return value[: max(width - 1, 0)] + "…"
    return value.ljust(width)


def highlighted(paragraph: str, start: int, end: int, style: str | Style) -> Text:
    """``paragraph`` with ``paragraph[start:end]`` styled; control characters made visible."""
    start = max(0, min(start, len(paragraph)))
    end = max(start, min(end, len(paragraph)))
    return Text.assemble(
        safe(paragraph[:start]),
        (safe(paragraph[start:end]), style),
        safe(paragraph[end:]),
    )


Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def relative_time(when: datetime | None, now: datetime) -> str:
    """A coarse age ("just now", "5 min ago", "3 h ago", then the date): stable on screen."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return when.strftime("%Y-%m-%d")


_UNSAFE_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class SafeText:
    """An article body made terminal-safe, with a map between the two sets of offsets.

    ``terminal_safe`` turns each control character into a visible escape (``\\x1b`` becomes
    four characters), so an offset in the text on screen is not an offset in the article. The
    map lets a selection on screen become the article offsets the database wants, and a
    claim's article offsets become a span on screen.
    """

    original: str
    display: str
    _display_starts: tuple[int, ...]
    """For each expanded character: its offset in ``display``."""
    _original_starts: tuple[int, ...]
    """... and in ``original`` (same length, both increasing)."""

    @classmethod
    def of(cls, text: str) -> SafeText:
        parts: list[str] = []
        display_starts: list[int] = []
        original_starts: list[int] = []
        last = 0
        shift = 0
        for match in _UNSAFE_CHAR.finditer(text):
            parts.append(text[last : match.start()])
            replacement = terminal_safe(match.group())
            display_starts.append(match.start() + shift)
            original_starts.append(match.start())
            parts.append(replacement)
            shift += len(replacement) - 1
            last = match.end()
        parts.append(text[last:])
        return cls(text, "".join(parts), tuple(display_starts), tuple(original_starts))

    def to_display(self, offset: int) -> int:
        """The display offset of article offset ``offset``."""
        i = bisect.bisect_right(self._original_starts, offset - 1)
        # every expanded character before ``offset`` adds its extra width
        shift = 0
        if i:
            shift = self._display_starts[i - 1] - self._original_starts[i - 1]
            shift += len(terminal_safe(self.original[self._original_starts[i - 1]])) - 1
        return offset + shift

    def to_original(self, offset: int) -> int:
        """The article offset of display offset ``offset`` (inside an escape: its character)."""
        i = bisect.bisect_right(self._display_starts, offset) - 1
        if i < 0:
            return offset
        start_display = self._display_starts[i]
        start_original = self._original_starts[i]
        width = len(terminal_safe(self.original[start_original]))
        if offset < start_display + width:
            return start_original if offset == start_display else start_original + 1
        return start_original + 1 + (offset - start_display - width)


# -- seen before: the queue's marks (issue 15) -------------------------------------------------

SEEN_CHECKED = "checked: "
SEEN_FACT_CHECK = "fact check"
SEEN_REPEATED = "repeated ×"
SEEN_STYLE_FACT_CHECK = Style(color="#ffd75f", bold=True)
SEEN_STYLE_REPEATED = Style(color="#5fd7d7", bold=True)
SEEN_STYLE_UNSURE = Style(dim=True)


def seen_mark(seen: str, sure: bool) -> tuple[str, Style]:
    """The queue's compact mark for how a claim was seen before (``QueueRow.seen``), and its style.

    ``checked: false`` is ``≈ false`` (in the verdict's colour), ``fact check: False`` is
    ``≈ FC False``, ``repeated ×3`` is ``×3``. A match not yet confirmed nor strong (``sure``
    false) ends with ``?`` and is dimmed. The rating is data: made one safe line. ``""``: no mark.
    """
    if not seen:
        return "", Style()
    if seen.startswith(SEEN_CHECKED):
        verdict = seen[len(SEEN_CHECKED) :]
        words, style = f"≈ {safe(verdict)}", status_style(verdict)
    elif seen.startswith(SEEN_FACT_CHECK):
        rating = seen[len(SEEN_FACT_CHECK) :].removeprefix(":").strip()
        words, style = ("≈ FC " + safe(rating)).rstrip(), SEEN_STYLE_FACT_CHECK
    elif seen.startswith(SEEN_REPEATED):
        words, style = "×" + safe(seen[len(SEEN_REPEATED) :]), SEEN_STYLE_REPEATED
    else:
        words, style = safe(seen), SEEN_STYLE_REPEATED
    if not sure:
        return words + "?", Style(color=style.color) + SEEN_STYLE_UNSURE
    return words, style


MATCH_TEXT_WIDTH = 100
"""A match's text is cut to this many characters in the detail pane and the matches dialog."""
MATCH_STATE_STYLES = {MatchState.SAME: "bold green", MatchState.SUGGESTED: "yellow", MatchState.DIFFERENT: "dim"}


def match_line(item: SimilarItem) -> Text:
    """One match of the claim: its score, state, what it is, its verdict or rating, its text."""
    text = Text()
    text.append(f"{item.score:.2f} " if item.score is not None else "hand ", style="dim")
    text.append(f"{item.state:<10}", style=MATCH_STATE_STYLES.get(MatchState(item.state), ""))
    text.append(str(item.target), style="bold")
    text.append(" ")
    if item.target.kind == MatchKind.FACT_CHECK:
        text.append(safe(item.publisher or "a fact checker"), style="italic")
        text.append(": ", style="dim")
        text.append(safe(item.rating) or "no rating", style="bold yellow" if item.rating else "dim")
    elif item.status is not None:
        text.append_text(status_badge(item.status))
    quoted = safe(item.text)
    if len(quoted) > MATCH_TEXT_WIDTH:
        quoted = quoted[: MATCH_TEXT_WIDTH - 1] + "…"
    text.append(f"  “{quoted}”")
    return text
