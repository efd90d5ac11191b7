"""What the desk's queue shows: the checker's filters, as one immutable value.

The desk screen holds a :class:`DeskFilters` in a reactive attribute; assigning a new one is
all it takes to show it (the screen's watcher gives the queue the new filter and updates the
summary line). The filter the desk's services take (:class:`ClaimFilter`) is built from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text

from claimtrack.services.desk import ClaimFilter, ClaimSort, Triage
from claimtrack.tui.render import safe, status_label

TRIAGE_ORDER: tuple[Triage, ...] = (Triage.QUEUE, Triage.REST, Triage.ALL)
"""``T`` cycles: the queue, then only what the extractor set aside, then every claim."""

SORT_ORDER: tuple[ClaimSort, ...] = (ClaimSort.SCORE, ClaimSort.NEWEST, ClaimSort.OLDEST, ClaimSort.ID)
"""``S`` cycles: highest score first (the default), newest, oldest, by ID."""

SORT_WORDS: dict[ClaimSort, str] = {
    ClaimSort.SCORE: "by score",
    ClaimSort.NEWEST: "newest first",
    ClaimSort.OLDEST: "oldest first",
    ClaimSort.ID: "by ID",
}
"""The order, as the summary line says it ("filter: the queue · by score")."""


@dataclass(frozen=True, slots=True)
class DeskFilters:
    """The filters the checker set; the default is the queue (the set-aside proposals left out)."""

    statuses: tuple[str, ...] = ()
    article_id: int | None = None
    assignee: str | None = None
    """A user name; ``""`` means unassigned claims, ``None`` anyone's."""
    search: str = ""
    triage: Triage = Triage.QUEUE
    min_score: float | None = None
    """Only claims scored at least this; ``None``: any score."""
    sort: ClaimSort = ClaimSort.SCORE
    """The queue's order (not a filter: clearing the filters keeps it)."""
    seen_checked: bool = False
    """Only claims that match a checked claim (one with a verdict) or a fact check."""

    @property
    def narrowed(self) -> bool:
        """Some claims are hidden by a status, article, assignee, score, seen-before or search filter."""
        return bool(
            self.statuses
            or self.article_id is not None
            or self.assignee is not None
            or self.min_score is not None
            or self.search
            or self.seen_checked
        )

    def claim_filter(self, threshold: float) -> ClaimFilter:
        """The filter for the desk's services; ``threshold`` sets proposals aside (the triage)."""
        return ClaimFilter.build(
            status=list(self.statuses),
            article_id=self.article_id,
            assignee=self.assignee,
            search=self.search,
            triage=self.triage,
            threshold=threshold,
            min_score=self.min_score,
            sort=self.sort,
            seen_checked=self.seen_checked,
        )

    def scope(self, threshold: float) -> ClaimFilter:
        """The filter without its statuses (and order): the counts bar shows every status of this scope."""
        return replace(self.claim_filter(threshold), status=(), sort=ClaimSort.SCORE)

    def next_triage(self) -> Triage:
        return TRIAGE_ORDER[(TRIAGE_ORDER.index(self.triage) + 1) % len(TRIAGE_ORDER)]

    def next_sort(self) -> ClaimSort:
        return SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)]

    def summary(self, user: str, threshold: float) -> Text:
        """The filters in words, for the line beside the search box ("filter: the queue")."""
        parts: list[tuple[str, str]] = []
        if self.statuses:
            parts.append(("status: " + ", ".join(status_label(s).lower() for s in self.statuses), "bold"))
        if self.article_id is not None:
            parts.append((f"article #{self.article_id}", "bold"))
        if self.assignee is not None:
            who = (
                "unassigned"
                if self.assignee == ""
                else ("mine" if self.assignee == user else f"assigned to {self.assignee}")
            )
            parts.append((safe(who), "bold"))
        if self.min_score is not None:
            parts.append((f"score ≥ {self.min_score:g}", "bold"))
        if self.seen_checked:
            parts.append(("matches a checked claim", "bold"))
        if self.triage is Triage.REST:
            parts.insert(0, (f"set aside (score < {threshold:g})", "bold yellow"))
        elif self.triage is Triage.ALL:
            parts.insert(0, ("all claims, set-aside too", "bold"))
        text = Text("filter: ", style="dim")
        if not parts:
            text.append("the queue", style="dim")
        for i, (words, style) in enumerate(parts):
            if i:
                text.append(" · ", style="dim")
            text.append(words, style)
        text.append(" · ", style="dim")
        text.append(SORT_WORDS[self.sort], style="dim" if self.sort is ClaimSort.SCORE else "bold")
        return text
