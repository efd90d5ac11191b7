"""Every action of the review desk, in one table: its key, its name, what it does.

The desk screen's bindings, the command palette and the help screen are all built from this
table, so a key shown in the footer is the key the palette and the help screen name.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class DeskAction:
    id: str
    """Stable binding id (``claimtrack.verify``): a keymap can rebind it."""
    key: str
    action: str
    """The screen action it runs (``set_status('verified')``)."""
    description: str
    """Short, for the footer."""
    help: str
    """One line, for the palette and the help screen."""
    show: bool = True
    key_display: str | None = None
    section: str = "Claim actions"
    """The help screen's heading it is listed under."""

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            tooltip=self.help,
            id=self.id,
        )

    @property
    def shown_key(self) -> str:
        return self.key_display or self.key.split(",")[0]


SEEN_BEFORE = "Seen before"
"""The help screen's section of the matches (issue 15): their keys, then the queue's marks."""

#: The actions on the selected claim (or the marked claims), in footer order.
DESK_ACTIONS: tuple[DeskAction, ...] = (
    DeskAction("claimtrack.review", "r", "set_status('in_review')", "review", "Start review: set the claim in review"),
    DeskAction("claimtrack.verify", "v", "set_status('verified')", "verify", "Verdict: verified (asks for a note)"),
    DeskAction("claimtrack.dispute", "d", "set_status('disputed')", "dispute", "Verdict: disputed (asks for a note)"),
    DeskAction("claimtrack.false", "f", "set_status('false')", "false", "Verdict: false (asks for a note)"),
    DeskAction(
        "claimtrack.misleading", "m", "set_status('misleading')", "misleading", "Verdict: misleading (asks for a note)"
    ),
    DeskAction("claimtrack.unverifiable", "u", "set_status('unverifiable')", "unverifiable", "Mark unverifiable"),
    DeskAction("claimtrack.dismiss", "x", "set_status('dismissed')", "dismiss", "Dismiss (the marked claims, if any)"),
    DeskAction("claimtrack.reopen", "o", "reopen", "reopen", "Reopen: back in review, with a note"),
    DeskAction(
        "claimtrack.evidence",
        "e",
        "add_evidence",
        "evidence",
        "Add evidence: url, stance, title, note; the page is captured",
    ),
    DeskAction(
        "claimtrack.recheck",
        "w",
        "recheck_evidence",
        "recheck",
        "Recheck the claim's web evidence: has a page changed?",
    ),
    DeskAction(
        "claimtrack.lookup", "l", "lookup", "checked?", "Already checked? Look up existing fact checks; attach one"
    ),
    DeskAction("claimtrack.note", "n", "add_note", "note", "Add a note"),
    DeskAction("claimtrack.assign_me", "a", "assign_me", "mine", "Assign to me (the marked claims, if any)"),
    DeskAction(
        "claimtrack.assign",
        "A",
        "assign_someone",
        "assign",
        "Assign to someone (the marked claims, if any)",
        key_display="A",
    ),
    DeskAction("claimtrack.undo", "z", "undo", "undo", "Undo my last change to the claim (again: the one before)"),
    DeskAction(
        "claimtrack.redo",
        "Z",
        "redo",
        "redo",
        "Redo: apply again the change my last undo reversed",
        show=False,
        key_display="Z",
    ),
    DeskAction("claimtrack.mark", "space", "toggle_mark", "mark", "Mark or unmark the claim for a bulk action"),
    DeskAction("claimtrack.clear_marks", "escape", "clear_marks", "unmark all", "Clear all marks", show=False),
    DeskAction("claimtrack.article", "enter", "open_article", "article", "Open the article, every claim highlighted"),
    DeskAction("claimtrack.search", "slash", "focus_search", "search", "Search claims as you type", key_display="/"),
    DeskAction("claimtrack.status_filter", "s", "filter_status", "status", "Filter by status"),
    DeskAction(
        "claimtrack.article_filter",
        "t",
        "filter_this_article",
        "by article",
        "Filter: only this claim's article (again: all)",
    ),
    DeskAction(
        "claimtrack.triage_filter",
        "T",
        "cycle_triage",
        "set aside",
        "Triage: the queue / only the proposals set aside below the threshold / all claims",
        key_display="T",
    ),
    DeskAction(
        "claimtrack.mine_filter",
        "M",
        "filter_mine",
        "my claims",
        "Filter: only claims assigned to me (again: all)",
        key_display="M",
    ),
    DeskAction(
        "claimtrack.unassigned_filter",
        "U",
        "filter_unassigned",
        "unassigned",
        "Filter: only claims nobody is assigned to (again: all)",
        show=False,
        key_display="U",
    ),
    DeskAction(
        "claimtrack.sort",
        "S",
        "cycle_sort",
        "sort",
        "Sort: highest score first, newest, oldest article first, by ID (in turn)",
        show=False,  # (the summary line shows the order; a footer entry costs a row at 120 columns)
        key_display="S",
    ),
    DeskAction("claimtrack.clear_filters", "c", "clear_filters", "clear", "Clear every filter and the search"),
    DeskAction("claimtrack.jump", "g", "jump", "go to #", "Jump to a claim by its id"),
    DeskAction(
        "claimtrack.report", "p", "report", "report", "Report on the queue's claims: totals, changes, open work; export"
    ),
    DeskAction(
        "claimtrack.ingest",
        "I",
        "ingest_article",
        "ingest",
        "Ingest articles: fetch urls, extract their claims",
        show=False,
        key_display="I",
        section="From the web",
    ),
    DeskAction(
        "claimtrack.feed",
        "F",
        "read_feed",
        "read feed",
        "Read a feed: ingest its items not read before",
        show=False,
        key_display="F",
        section="From the web",
    ),
    DeskAction(
        "claimtrack.import_reviews",
        "R",
        "import_claim_reviews",
        "import reviews",
        "Import ClaimReview: a fact check's page, its verdicts as claims",
        show=False,
        key_display="R",
        section="From the web",
    ),
    DeskAction(
        "claimtrack.matches",
        "b",
        "matches",
        "seen before",
        "Seen before? Confirm or reject the claim's matches; carry a verdict over",
        show=False,  # (the queue's marks and the detail pane show them; a footer entry costs a row at 120 columns)
        section=SEEN_BEFORE,
    ),
    DeskAction(
        "claimtrack.seen_filter",
        "B",
        "filter_seen_checked",
        "matches checked",
        "Filter: only claims matching a checked claim or a fact check (again: all)",
        show=False,
        key_display="B",
        section=SEEN_BEFORE,
    ),
    DeskAction("claimtrack.help", "question_mark", "help", "help", "Show every key", key_display="?"),
    DeskAction("claimtrack.quit", "q", "app.quit", "quit", "Quit the review desk"),
)

#: Keys of the queue itself (handled by the queue widget).
QUEUE_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓ / k j", "Previous / next claim"),
    ("PgUp PgDn", "A page up / down"),
    ("Home End", "First / last claim"),
    ("mouse", "Click a claim to select it; the wheel scrolls"),
    ("tab", "Move between the search box, the queue and the detail"),
    ("ctrl+p", "Command palette: every action, jump to claim, filters"),
)

#: The queue's seen-before marks, in the claim column (the help screen lists them).
SEEN_MARKS: tuple[tuple[str, str], ...] = (
    ("≈ false", "The same claim as one checked before, with its verdict"),
    ("≈ FC False", "The same claim as a fact check in the collection, with its rating"),
    ("×3", "Said 3 times: the same as other open claims"),
    ("≈ false?", "Dimmed, with a question mark: suggested by the matcher, not yet confirmed (b decides)"),
)

#: Keys of the report screen.
REPORT_KEYS: tuple[tuple[str, str], ...] = (
    ("s", "Changes since a date (YYYY-MM-DD, or 7d / 24h / 2w ago)"),
    ("e, x", "Export: md, html, json or csv, to a file you name"),
    ("r", "Count again"),
    ("esc, q", "Back to the queue"),
)

#: Keys of the article screen.
ARTICLE_ACTIONS: tuple[DeskAction, ...] = (
    DeskAction(
        "claimtrack.article.next",
        "right_square_bracket,n",
        "next_claim",
        "next claim",
        "Move to the next claim",
        key_display="]",
    ),
    DeskAction(
        "claimtrack.article.prev",
        "left_square_bracket,p",
        "previous_claim",
        "prev claim",
        "Move to the previous claim",
        key_display="[",
    ),
    DeskAction(
        "claimtrack.article.add",
        "ctrl+n,plus",
        "add_claim",
        "add claim",
        "Add the selected text as a claim (asks for the claimant)",
        key_display="+",
    ),
    DeskAction(
        "claimtrack.article.open",
        "ctrl+o",
        "open_in_queue",
        "select in queue",
        "Select the current claim in the queue and go back",
    ),
    DeskAction("claimtrack.article.close", "escape,q", "close", "back", "Back to the queue", key_display="esc"),
)
