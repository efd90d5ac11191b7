"""The article screen: the whole text with every claim highlighted, and adding missed claims.

The text is shown in a read-only ``TextArea`` (so the checker can select with the mouse or
shift+arrows). What it shows is the article made terminal-safe; :class:`SafeText` maps the
selection back to offsets in the stored article, which is what ``add_manual_claim`` takes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Document, Selection, TextAreaTheme

from claimtrack.domain import ClaimStatus
from claimtrack.errors import ClaimtrackError
from claimtrack.services.desk import Desk
from claimtrack.services.views import ArticleClaim, ArticleDetail, ClaimView
from claimtrack.tui import notices
from claimtrack.tui.actions import ARTICLE_ACTIONS
from claimtrack.tui.dialogs import ClaimantDialog
from claimtrack.tui.render import STATUS_COLOURS, STATUS_WIDTH, SafeText, fit, safe, status_badge

THEME = TextAreaTheme(
    name="claimtrack-article",
    syntax_styles={
        f"claim-{status.value}": Style(color=STATUS_COLOURS[status], bold=True, underline=True)
        for status in ClaimStatus
    },
)


class ArticleText(TextArea):
    """A read-only TextArea that highlights claim spans (given in display offsets)."""

    def __init__(self, text: str, *, id: str | None = None) -> None:
        self.spans: list[tuple[int, int, str]] = []
        """(start, end, highlight name) of each claim; set before the TextArea builds its highlights."""
        super().__init__(text, read_only=True, soft_wrap=True, show_line_numbers=False, id=id)
        self.register_theme(THEME)
        self.theme = THEME.name

    @property
    def text_document(self) -> Document:
        """The document as the plain-text ``Document`` it is (no syntax tree is ever given)."""
        return cast(Document, self.document)

    def set_spans(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        # TextArea highlights come from tree-sitter; here they come from the claims instead.
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        document = self.text_document
        for start, end, name in self.spans:
            (row_a, col_a) = document.get_location_from_index(start)
            (row_b, col_b) = document.get_location_from_index(end)
            for row in range(row_a, row_b + 1):
                line = document.get_line(row)
                first = col_a if row == row_a else 0
                last = col_b if row == row_b else len(line)
                highlights[row].append((len(line[:first].encode()), len(line[:last].encode()), name))

    def selected_offsets(self) -> tuple[int, int]:
        """The selection as display offsets, smallest first."""
        start, end = self.selection
        a = self.text_document.get_index_from_location(start)
        b = self.text_document.get_index_from_location(end)
        return min(a, b), max(a, b)


class ArticleScreen(Screen[int | None]):
    """One article in full. Dismisses with the claim to select in the queue (or None)."""

    BINDINGS = [action.binding() for action in ARTICLE_ACTIONS]

    def __init__(
        self, desk: Desk, article_id: int, *, claim_id: int | None = None, on_change: Callable[[], None] | None = None
    ) -> None:
        super().__init__(id="article-screen")
        self.desk = desk
        self.article_id = article_id
        self.current_claim = claim_id
        self.on_change = on_change
        self.article_view: ArticleDetail | None = None
        self.safe_text: SafeText | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="article-head"):
            yield Static(Text("Loading the article…", style="dim"), id="article-title")
            yield Static("", id="article-byline")
        with Horizontal(id="article-main"):
            yield ArticleText("", id="article-text")
            with Vertical(id="article-side"):
                yield Label("Claims in this article", classes="pane-title")
                yield OptionList(id="article-claims")
        yield Static("", id="article-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleText).cursor_blink = getattr(self.app, "cursor_blink", True)
        self._load()

    @work(thread=True, exclusive=True, group="article-load")
    def _load(self) -> None:
        try:
            view = self.desk.article(self.article_id)
        except ClaimtrackError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show, view)

    def _show(self, view: ArticleDetail) -> None:
        first_time = self.article_view is None
        self.article_view = view
        article = view.article
        self.safe_text = SafeText.of(article.text)
        self.query_one("#article-title", Static).update(Text(safe(article.title), style="bold"))
        byline = [safe(article.outlet)] if article.outlet else []
        if article.authors:
            byline.append(", ".join(safe(a) for a in article.authors))
        if article.published:
            byline.append(article.published.isoformat())
        byline.append(f"article #{article.id} · {len(view.claims)} claims")
        self.query_one("#article-byline", Static).update(Text(" · ".join(byline), style="dim"))
        area = self.query_one(ArticleText)
        if first_time:
            area.load_text(self.safe_text.display)
        spans = [
            (self.safe_text.to_display(c.start), self.safe_text.to_display(c.end), f"claim-{c.status}")
            for c in view.claims
        ]
        area.set_spans(spans)
        options = self.query_one("#article-claims", OptionList)
        options.clear_options()
        for claim in view.claims:
            label = Text.assemble(
                (fit(f"#{claim.id}", 6), "dim"),
                status_badge(claim.status, width=STATUS_WIDTH),
                " ",
                (safe(claim.claimant) or "—", "italic"),
                ": ",
                safe(claim.text),
            )
            options.add_option(Option(label, id=str(claim.id)))
        if first_time:
            area.focus()
        if self.current_claim is not None and any(c.id == self.current_claim for c in view.claims):
            self.go_to_claim(self.current_claim)

    # -- claims ---------------------------------------------------------------------------

    @property
    def claims(self) -> tuple[ArticleClaim, ...]:
        return self.article_view.claims if self.article_view else ()

    def go_to_claim(self, claim_id: int) -> None:
        claim = next((c for c in self.claims if c.id == claim_id), None)
        if claim is None or self.safe_text is None:
            return
        self.current_claim = claim_id
        area = self.query_one(ArticleText)
        start = area.text_document.get_location_from_index(self.safe_text.to_display(claim.start))
        end = area.text_document.get_location_from_index(self.safe_text.to_display(claim.end))
        area.selection = Selection(start, end)
        area.scroll_cursor_visible(center=True)
        options = self.query_one("#article-claims", OptionList)
        index = next(i for i, c in enumerate(self.claims) if c.id == claim_id)
        options.highlighted = index
        status = self.query_one("#article-status", Static)
        # (a fixed height: no layout of the whole screen on every move between claims)
        status.update(
            Text.assemble(
                f"#{claim.id} ",
                status_badge(claim.status),
                "  ",
                (safe(claim.claimant) or "—", "italic"),
                ": ",
                safe(claim.text),
            ),
            layout=False,
        )

    def _claim_at_cursor(self) -> int:
        """Index of the claim at or after the cursor (in display offsets)."""
        if self.safe_text is None:
            return 0
        area = self.query_one(ArticleText)
        here = self.safe_text.to_original(area.text_document.get_index_from_location(area.selection.start))
        for i, claim in enumerate(self.claims):
            if claim.start >= here:
                return i
        return len(self.claims)

    def action_next_claim(self) -> None:
        if not self.claims:
            return
        ids = [c.id for c in self.claims]
        if self.current_claim in ids:
            i = (ids.index(self.current_claim) + 1) % len(ids)
        else:
            i = self._claim_at_cursor() % len(ids)
        self.go_to_claim(ids[i])

    def action_previous_claim(self) -> None:
        if not self.claims:
            return
        ids = [c.id for c in self.claims]
        if self.current_claim in ids:
            i = (ids.index(self.current_claim) - 1) % len(ids)
        else:
            i = (self._claim_at_cursor() - 1) % len(ids)
        self.go_to_claim(ids[i])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.go_to_claim(int(event.option.id))
            self.query_one(ArticleText).focus()

    def action_add_claim(self) -> None:
        if self.article_view is None or self.safe_text is None:
            return
        area = self.query_one(ArticleText)
        start, end = area.selected_offsets()
        if start == end:
            self.notify(notices.SELECT_TEXT_FIRST, severity="warning")
            return
        o_start, o_end = self.safe_text.to_original(start), self.safe_text.to_original(end)
        article_id = self.article_id
        desk = self.desk

        def submit(values: dict[str, Any]) -> ClaimView:
            return desk.add_manual_claim(article_id, o_start, o_end, claimant=values["claimant"], cue=values["cue"])

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            claim: ClaimView = result["claim"]
            self.notify(notices.claim_added(claim))
            self.current_claim = claim.id
            self._load()
            if self.on_change is not None:
                self.on_change()

        self.app.push_screen(
            ClaimantDialog(selected=self.article_view.article.text[o_start:o_end], submit=submit), done
        )

    def action_open_in_queue(self) -> None:
        self.dismiss(self.current_claim)

    def action_close(self) -> None:
        self.dismiss(None)
