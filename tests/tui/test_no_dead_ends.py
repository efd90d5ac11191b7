"""No dead ends at the desk: a verdict without evidence, a page that cannot be captured, a
small terminal.

A real database, the real app driven by Pilot, and a real HTTP server on 127.0.0.1 (fetched
with private addresses allowed, except where the refusal of a local address is the point).
"""

from __future__ import annotations

import ast
import re
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, TextArea

from claimtrack import cli
from claimtrack import tui as tui_package
from claimtrack.config import get_settings
from claimtrack.domain import ClaimStatus, MatchKind
from claimtrack.services import workflow
from claimtrack.services.desk import Desk
from claimtrack.services.views import ClaimDetail, FactCheck, SimilarItem, Target, VerdictOffer
from claimtrack.store import Database, open_database
from claimtrack.tui import dialogs
from claimtrack.tui.dialogs import (
    AssignDialog,
    ClaimantDialog,
    ClaimReviewDialog,
    EvidenceDialog,
    ExportDialog,
    FactCheckDialog,
    FeedDialog,
    FormDialog,
    IngestDialog,
    MatchesDialog,
    MinScoreDialog,
    NoteDialog,
    NumberDialog,
    SinceDialog,
    StatusDialog,
    StatusFilterDialog,
)
from claimtrack.tui.dialogs.base import NO_COPY_LABEL
from claimtrack.tui.dialogs.matches import MatchChoice
from claimtrack.tui.screens.help import HelpScreen
from claimtrack.web.client import Fetcher, FetchPolicy
from tests.builders import seed
from tests.tui.conftest import RecordingApp, dialog_text, notifications, settle, wait_until, widget_text
from tests.web.conftest import LocalServer, Route, local_fetcher, mock_fetcher

PAGE = b"<html><head><title>Embassy statement</title></head><body><p>No citizens were killed.</p></body></html>"
SMALL = (80, 24)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.routes["/statement"] = Route(200, PAGE)
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("CLAIMTRACK_CONFIG", "CLAIMTRACK_ALLOW_PRIVATE", "CLAIMTRACK_ARCHIVE"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def strict_fetcher() -> Fetcher:
    """The safety rules as shipped: local addresses refused."""
    return Fetcher(FetchPolicy(user_agent="claimtrack-test", retries=0, timeout=5.0))


def make_app(database: Database, fetcher: Callable[[], Fetcher] = local_fetcher) -> RecordingApp:
    return RecordingApp(Desk(database, "alice", fetcher_factory=fetcher), poll_interval=0, cursor_blink=False)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (as offline as a test can be)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def in_view(app: RecordingApp, widget: Widget) -> bool:
    """The widget is displayed, wholly on the screen, and nothing covers or clips it: what is at
    its first and last cells is the widget itself (what a click there would reach)."""
    region = widget.region
    if not widget.display or not region.area or not app.screen.region.contains_region(region):
        return False
    return all(app.screen.get_widget_at(x, region.y)[0] is widget for x in (region.x, region.right - 1))


def cli_advice(text: str) -> list[str]:
    """A command line named as advice in ``text``: ``claimtrack COMMAND`` or an option."""
    return re.findall(rf"\bclaimtrack (?:{'|'.join(COMMANDS)})\b|(?<![\w-])--[a-z][\w-]+", text)


def _commands(group: Any, prefix: str = "") -> Iterator[str]:
    """Every command's name, with its group's (``evidence add``)."""
    for name, command in group.commands.items():
        yield prefix + name
        if hasattr(command, "commands"):  # a group (typer's own click, or click)
            yield from _commands(command, f"{prefix}{name} ")


COMMANDS = sorted(set(_commands(typer.main.get_group(cli.app))), key=len, reverse=True)


def status_of(database: Database, claim_id: int) -> str:
    return Desk(database, "r").claim(claim_id).claim.status


def history_kinds(database: Database, claim_id: int) -> list[tuple[str, str]]:
    return [(h.actor, h.kind) for h in Desk(database, "r").claim(claim_id).history]


# -- 80x24: every dialog keeps its buttons and keys in view ------------------------------------


def every_dialog(detail: ClaimDetail) -> list[FormDialog[object]]:
    long = Text("#1 NEW  The ministry: “" + "a claim that goes on and on, " * 12 + "”")
    check = FactCheck(
        number=1,
        claim_text="Forty people were hurt",
        claimant="The ministry",
        claim_date=None,
        publisher="Checkers",
        site="checkers.example",
        url="https://checkers.example/" + "a" * 60,
        title="No, " + "it was not so " * 8,
        review_date="2024-03-06",
        rating="False",
        language="en",
    )
    return [
        StatusDialog(ClaimStatus.VERIFIED, subject=long, detail=detail, explanation="A verdict needs a note."),
        StatusDialog(ClaimStatus.IN_REVIEW, subject=long, title="Reopen: back in review", explanation="Say why."),
        EvidenceDialog(subject=long),
        AssignDialog(subject=long, names=[f"checker{n}" for n in range(30)]),
        ClaimantDialog(selected="the selected text of the article, " * 30),
        ClaimReviewDialog(),
        ExportDialog(subject=long),
        FactCheckDialog(subject=long, checks=[check] * 10),
        FeedDialog(),
        IngestDialog(),
        MatchesDialog(subject=long, choices=[seen_before(n) for n in range(20)], status=ClaimStatus.NEW),
        NoteDialog(subject=long),
        MinScoreDialog(0.5),
        NumberDialog("Jump to claim", "Claim id"),
        SinceDialog(),
        StatusFilterDialog(()),
    ]


def seen_before(n: int) -> MatchChoice:
    """A match of a claim, to a fact check whose rating offers a verdict."""
    item = SimilarItem(
        n, Target(MatchKind.FACT_CHECK, n + 1), 0.9, "fts+rerank/1", "suggested", "Forty people were hurt " * 6,
        rating="False", publisher="Checkers", url="https://checkers.example/" + "a" * 60,
    )  # fmt: skip
    offer = VerdictOffer(
        ClaimStatus.FALSE, f"fact check #{n + 1} (Checkers: False)", item.url, "Checkers: False", item.text, "note"
    )
    return MatchChoice(item, offer)


def exported_dialogs() -> set[type]:
    exported = {getattr(dialogs, name) for name in dialogs.__all__}
    return {cls for cls in exported if isinstance(cls, type) and issubclass(cls, FormDialog)} - {FormDialog}


@pytest.mark.parametrize("size", [SMALL, (200, 50)], ids=["80x24", "200x50"])
async def test_every_dialog_keeps_its_buttons_and_keys_in_view(tmp_path: Path, size: tuple[int, int]) -> None:
    database = open_database(str(tmp_path / "sizes.db"))
    try:
        ids = seed(database)
        detail = Desk(database, "alice").claim(ids[0])  # no evidence: the verdict dialog asks for it
        assert {type(d) for d in every_dialog(detail)} == exported_dialogs(), "a new dialog is tested here too"
        app = make_app(database)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for dialog in every_dialog(detail):
                await app.push_screen(dialog)
                name = type(dialog).__name__
                save, cancel = dialog.query_one("#save", Button), dialog.query_one("#cancel", Button)
                await wait_until(
                    pilot, lambda: in_view(app, save) and in_view(app, cancel), what=f"{name}'s buttons in view"
                )
                assert "(ctrl+s)" in widget_text(app, save) and "(esc)" in widget_text(app, cancel), name
                title = dialog.query_one("#dialog-title")
                assert in_view(app, title), name
                body = dialog.query_one("#dialog-body", VerticalScroll)
                assert app.screen.region.contains_region(body.region), name
                if body.max_scroll_y:  # what does not fit scrolls, and the end of it can be reached
                    last = body.children[-1]
                    body.scroll_end(animate=False)
                    await wait_until(
                        pilot,
                        lambda: body.region.y < last.region.bottom <= body.region.bottom,
                        what=f"{name}'s last field",
                    )
                dialog.dismiss(None)
                await settle(pilot)
            if size == SMALL:
                # the dialogs that overflow here do scroll: the verdict dialog with its evidence
                # fields, the long claimant selection
                verdict = every_dialog(detail)[0]
                await app.push_screen(verdict)
                body = verdict.query_one("#dialog-body", VerticalScroll)
                await wait_until(pilot, lambda: in_view(app, verdict.query_one("#save")), what="the verdict's buttons")
                assert body.max_scroll_y > 0
                verdict.dismiss(None)
                await settle(pilot)
            # the help screen: its closing keys stay in view
            await app.push_screen(HelpScreen())
            await settle(pilot)
            hint = app.screen.query("Static").last()
            assert "esc, q or ? closes" in widget_text(app, hint) and in_view(app, hint)
    finally:
        database.close()


# -- a verdict without evidence: add it right there ---------------------------------------------


async def test_a_verdict_adds_its_evidence_and_is_given_together(database: Database, server: LocalServer) -> None:
    ids = seed(database)
    before = history_kinds(database, ids[0])
    app = make_app(database)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        text = dialog_text(app)
        assert "No evidence yet: a verdict needs at least one piece. Add it here." in text
        assert not cli_advice(text), "the desk gives no command line as advice"
        assert app.focused is dialog.query_one("#url", Input), "the evidence comes first"
        # nothing typed: the evidence is asked for, then the note
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "a verdict needs at least one piece of evidence: type its url" in dialog.error_text
        await pilot.press(*server.url("/statement"))
        dialog.query_one("#stance", Select).value = "refutes"
        dialog.query_one("#evidence-note", Input).value = "The embassy says no citizen died."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "false needs a note saying why" in dialog.error_text
        assert app.focused is dialog.query_one("#note", TextArea)
        assert history_kinds(database, ids[0]) == before, "nothing stored yet"
        await pilot.press(*"The embassy denies it.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, StatusDialog)
        detail = Desk(database, "r").claim(ids[0])
        assert detail.claim.status == ClaimStatus.FALSE
        [evidence] = detail.evidence
        assert (evidence.url, evidence.stance, evidence.note, evidence.title) == (
            server.url("/statement"),
            "refutes",
            "The embassy says no citizen died.",
            "Embassy statement",
        )
        assert evidence.content_sha256 and evidence.http_status == 200, "the page was captured"
        # both are in the history: the evidence, then the verdict with its note
        assert history_kinds(database, ids[0]) == [*before, ("alice", "evidence"), ("alice", "status")]
        assert detail.history[-1].note == "The embassy denies it."
        assert f"Claim #{ids[0]}: FALSE, evidence added, page captured" in notifications(app)


async def test_a_verdict_whose_page_cannot_be_captured_offers_the_link_alone(
    database: Database, server: LocalServer
) -> None:
    ids = seed(database)
    before = history_kinds(database, ids[0])
    app = make_app(database)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        offer = dialog.query_one("#no-copy", Button)
        assert not offer.display, "offered only when a capture fails"
        await pilot.press(*server.url("/gone"))
        dialog.query_one("#note", TextArea).text = "The ministry's own page says so."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog, "the dialog stays open"
        error = dialog.error_text
        assert "The page could not be captured" in error and "HTTP 404" in error
        assert len(error.strip().splitlines()) == 1 and not cli_advice(error)
        await wait_until(pilot, lambda: in_view(app, offer), what="the offer in view at 80x24")
        assert NO_COPY_LABEL in widget_text(app, offer)
        assert app.focused is offer, "enter takes the offer"
        assert in_view(app, dialog.query_one("#save")) and "Try again (ctrl+s)" in widget_text(
            app, dialog.query_one("#save")
        )
        # nothing typed is lost, nothing stored
        assert dialog.query_one("#url", Input).value == server.url("/gone")
        assert dialog.note == "The ministry's own page says so."
        assert history_kinds(database, ids[0]) == before and status_of(database, ids[0]) == ClaimStatus.NEW
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, StatusDialog)
        detail = Desk(database, "r").claim(ids[0])
        assert detail.claim.status == ClaimStatus.VERIFIED
        [evidence] = detail.evidence
        assert (evidence.url, evidence.content_sha256) == (server.url("/gone"), None)
        assert history_kinds(database, ids[0]) == [*before, ("alice", "evidence"), ("alice", "status")]
        assert f"Claim #{ids[0]}: VERIFIED, evidence added, no copy kept" in notifications(app)


async def test_evidence_removed_meanwhile_brings_the_fields_back(database: Database, server: LocalServer) -> None:
    ids = seed(database)
    added = Desk(database, "bob").add_evidence(ids[0], "https://example.org/first", stance="supports")
    app = make_app(database)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert "example.org/first" in dialog_text(app)
        assert not dialog.query_one("#verdict-evidence").display, "the claim has evidence: no fields"
        assert app.focused is dialog.query_one("#note", TextArea)
        with database.session() as session:  # bob takes his evidence back
            workflow.remove_evidence(session, added.id, user="bob")
        await pilot.press(*"Confirmed by the ministry.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "bob" in dialog.error_text, "first: someone changed the claim"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = dialog.error_text
        assert f"Claim #{ids[0]} has no evidence now" in error and not cli_advice(error)
        assert dialog.query_one("#verdict-evidence").display
        await wait_until(pilot, lambda: app.focused is dialog.query_one("#url"), what="the url field focused")
        assert status_of(database, ids[0]) == ClaimStatus.NEW
        await pilot.press(*server.url("/statement"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, StatusDialog)
        detail = Desk(database, "r").claim(ids[0])
        assert detail.claim.status == ClaimStatus.VERIFIED
        assert [e.url for e in detail.evidence] == [server.url("/statement")]


# -- a failed capture in the evidence dialog -----------------------------------------------------


@pytest.mark.parametrize("failure", ["404", "refused", "offline"])
async def test_a_failed_capture_offers_the_link_without_a_copy(
    database: Database, server: LocalServer, failure: str
) -> None:
    ids = seed(database)
    url, fetcher, reason = {
        "404": (server.url("/gone"), local_fetcher, "HTTP 404 Not Found"),
        "refused": (server.url("/statement"), strict_fetcher, "refusing to fetch from 127.0.0.1: a loopback address"),
        "offline": (f"http://127.0.0.1:{closed_port()}/statement", local_fetcher, "cannot connect"),
    }[failure]
    app = make_app(database, fetcher)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EvidenceDialog)
        await pilot.press(*url)
        dialog.query_one("#stance", Select).value = "refutes"
        dialog.query_one("#title", Input).value = "Embassy statement"
        dialog.query_one("#evidence-note", Input).value = "No citizen died."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog, "a failed capture keeps the dialog open"
        error = dialog.error_text
        assert error.startswith("The page could not be captured: ") and reason in error
        assert len(error.strip().splitlines()) == 1
        assert not cli_advice(error), f"no command line as advice: {error}"
        offer = dialog.query_one("#no-copy", Button)
        await wait_until(pilot, lambda: in_view(app, offer), what="the offer in view")
        assert app.focused is offer
        assert (
            dialog.query_one("#url", Input).value,
            dialog.query_one("#stance", Select).value,
            dialog.query_one("#title", Input).value,
            dialog.query_one("#evidence-note", Input).value,
        ) == (url, "refutes", "Embassy statement", "No citizen died.")
        assert Desk(database, "r").claim(ids[0]).evidence == ()
        # try again: the same failure, still nothing stored
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and reason in dialog.error_text
        assert Desk(database, "r").claim(ids[0]).evidence == ()
        # the link alone
        capture = dialog.query_one("#capture", Checkbox)
        await pilot.click("#no-copy")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceDialog)
        [evidence] = Desk(database, "r").claim(ids[0]).evidence
        assert (evidence.url, evidence.stance, evidence.title, evidence.note, evidence.content_sha256) == (
            url,
            "refutes",
            "Embassy statement",
            "No citizen died.",
            None,
        )
        assert capture.value is False, "the form says what was saved"
        assert history_kinds(database, ids[0])[-1] == ("alice", "evidence")
        assert f"Claim #{ids[0]}: evidence added, no copy kept" in notifications(app)


async def test_a_fact_check_whose_page_cannot_be_captured_is_attached_without_a_copy(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = seed(database)
    monkeypatch.setenv("CLAIMTRACK_FACTCHECK_API_KEY", "test-key")
    get_settings.cache_clear()
    review = {"publisher": {"name": "Checkers"}, "url": "https://checkers.example/gone", "textualRating": "False"}
    answer = {"claims": [{"text": "40 people were hurt", "claimReview": [review]}]}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "factchecktools.googleapis.com":
            return httpx.Response(200, json=answer)
        return httpx.Response(404, content=b"gone", headers={"Content-Type": "text/html"})

    app = make_app(database, lambda: mock_fetcher(handler))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FactCheckDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        error = dialog.error_text
        assert "The page could not be captured: https://checkers.example/gone: HTTP 404" in error
        assert not cli_advice(error)
        offer = dialog.query_one("#no-copy", Button)
        await wait_until(pilot, lambda: in_view(app, offer) and app.focused is offer, what="the offer, focused")
        assert Desk(database, "r").claim(ids[0]).evidence == ()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FactCheckDialog)
        [evidence] = Desk(database, "r").claim(ids[0]).evidence
        assert (evidence.url, evidence.stance, evidence.content_sha256) == (
            "https://checkers.example/gone",
            "refutes",
            None,
        )
        assert f"Claim #{ids[0]}: fact check by Checkers attached as evidence, no copy kept" in notifications(app)


# -- the desk never gives a command line as advice ----------------------------------------------


def test_the_desk_names_no_command_line() -> None:
    """No string the TUI shows (its docstrings aside) names a claimtrack command or option."""
    assert "evidence add" in COMMANDS and "lookup" in COMMANDS
    found = []
    for path in sorted(Path(tui_package.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {  # a string on its own, never shown
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found += [f"{path.name}: {hit}" for hit in cli_advice(node.value)]
    assert found == []
