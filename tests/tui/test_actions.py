"""Every desk action, end to end: keys pressed in the real app, then the database checked."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Checkbox, Input, SelectionList

from claimtrack.services.desk import Desk
from claimtrack.store import Database
from claimtrack.tui import ClaimtrackApp
from claimtrack.tui.dialogs import AssignDialog, EvidenceDialog, FormDialog, NoteDialog, StatusDialog
from claimtrack.tui.screens.help import HelpScreen
from tests.builders import seed
from tests.tui.conftest import (
    SIZE,
    RecordingApp,
    dialog_text,
    notifications,
    screen_text,
    seed_two_articles,
    settle,
    wait_until,
)

MakeApp = Callable[..., ClaimtrackApp]


def status_of(db: Database, claim_id: int) -> str:
    return Desk(db, "reader").claim(claim_id).claim.status


def last_entry(db: Database, claim_id: int):  # type: ignore[no-untyped-def]
    return Desk(db, "reader").claim(claim_id).history[-1]


async def test_queue_counts_and_detail_show_the_claims(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        assert queue.total == 3
        text = screen_text(app)
        assert "NEW 3" in text and "total 3" in text
        assert "40 people were hurt" in text and "The ministry" in text and "Bridge collapse" in text
        # detail of the first claim
        assert f"#{ids[0]} NEW" in text and "Daily Test" in text
        await pilot.press("down")
        await settle(pilot)
        text = screen_text(app)
        assert "Disputed in the article by: the mayor" in text
        assert "In-article denial:" in text and "the mayor denied it" in text
        assert "Cues: denied" in text


async def test_start_review_unverifiable_and_dismiss_need_no_dialog(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert status_of(database, ids[0]) == "in_review"
        entry = last_entry(database, ids[0])
        assert (entry.actor, entry.kind, entry.to_value) == ("alice", "status", "in_review")
        assert "IN REVIEW" in screen_text(app)
        await pilot.press("down", "u")
        await settle(pilot)
        assert status_of(database, ids[1]) == "unverifiable"
        await pilot.press("down", "x")
        await settle(pilot)
        assert status_of(database, ids[2]) == "dismissed"
        assert "DISMISSED 1" in screen_text(app)


async def test_verdict_dialog_asks_for_evidence_then_a_note(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert "No evidence yet: a verdict needs at least one piece. Add it here." in dialog_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "a verdict needs at least one piece of evidence: type its url" in dialog.error_text
        await pilot.press(*"https://example.org/report")
        dialog.query_one("#capture", Checkbox).value = False  # no fetching here (see test_no_dead_ends.py)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog, "the dialog stays open"
        assert "verified needs a note saying why" in dialog.error_text
        assert status_of(database, ids[0]) == "new"
        assert Desk(database, "r").claim(ids[0]).evidence == (), "nothing stored"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, StatusDialog)


async def test_evidence_then_each_verdict(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceDialog)
        await pilot.press(*"https://example.org/report")
        app.screen.query_one("#stance").value = "refutes"
        app.screen.query_one("#title", Input).value = "Ministry statement"
        app.screen.query_one("#evidence-note", Input).value = "says 12 were hurt"
        app.screen.query_one("#capture").value = False  # no fetching here (see test_report_and_web.py)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceDialog)
        evidence = Desk(database, "r").claim(ids[0]).evidence
        assert [(e.url, e.stance, e.title, e.note, e.added_by) for e in evidence] == [
            ("https://example.org/report", "refutes", "Ministry statement", "says 12 were hurt", "alice")
        ]
        assert "Ministry statement" in screen_text(app)

        await pilot.press("d")
        await settle(pilot)
        assert "Ministry statement" in dialog_text(app), "the dialog shows the evidence the verdict rests on"
        await pilot.press(*"The ministry says 12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status_of(database, ids[0]) == "disputed"
        entry = last_entry(database, ids[0])
        assert (entry.actor, entry.to_value, entry.note) == ("alice", "disputed", "The ministry says 12")
        # leaving a verdict asks for a note too
        for key, status in (("f", "false"), ("m", "misleading"), ("v", "verified")):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, StatusDialog)
            await pilot.press(*f"now {status}", "ctrl+s")
            await settle(pilot)
            assert status_of(database, ids[0]) == status
            assert last_entry(database, ids[0]).note == f"now {status}"
        # reopen
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"new facts", "ctrl+s")
        await settle(pilot)
        assert status_of(database, ids[0]) == "in_review"
        assert last_entry(database, ids[0]).note == "new facts"


async def test_evidence_dialog_shows_a_bad_url(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"javascript:alert(1)", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceDialog)
        assert "not an http(s) url" in screen_text(app)
        assert Desk(database, "r").claim(ids[0]).evidence == ()


async def test_note(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Call the ministry", "ctrl+s")
        await settle(pilot)
        entry = last_entry(database, ids[0])
        assert (entry.kind, entry.actor, entry.note) == ("note", "alice", "Call the ministry")
        assert "NOTES (1)" in screen_text(app) and "Call the ministry" in screen_text(app)


async def test_assign_to_me_and_to_someone(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert Desk(database, "r").claim(ids[0]).claim.assignee == "alice"
        await pilot.press("down", "A")
        await settle(pilot)
        assert isinstance(app.screen, AssignDialog)
        await pilot.press(*"bob", "enter")
        await settle(pilot)
        assert Desk(database, "r").claim(ids[1]).claim.assignee == "bob"
        entry = last_entry(database, ids[1])
        assert (entry.kind, entry.actor, entry.to_value) == ("assignment", "alice", "bob")
        assert "assigned to bob" in screen_text(app)


async def test_undo_walks_back_and_redo_is_its_own_key(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert status_of(database, ids[0]) == "in_review"
        await pilot.press("z")  # my last change: the assignment
        await settle(pilot)
        claim = Desk(database, "reader").claim(ids[0]).claim
        assert (claim.status, claim.assignee) == ("in_review", None)
        assert notifications(app).splitlines()[-1] == f"Claim #{ids[0]}: undone: assigned to alice"
        await pilot.press("z")  # the one before it, never the undo
        await settle(pilot)
        assert status_of(database, ids[0]) == "new"
        assert "undo of v2" in (last_entry(database, ids[0]).note or "")
        assert notifications(app).splitlines()[-1] == f"Claim #{ids[0]}: undone: status new → in_review"
        await pilot.press("z")  # nothing of mine left: said, nothing changed
        await settle(pilot)
        assert status_of(database, ids[0]) == "new"
        assert notifications(app).splitlines()[-1] == f"nothing of yours to undo on claim {ids[0]}"
        assert f"#{ids[0]} NEW" in screen_text(app)
        await pilot.press("Z")  # redo: the status comes back
        await settle(pilot)
        assert status_of(database, ids[0]) == "in_review"
        assert notifications(app).splitlines()[-1] == f"Claim #{ids[0]}: redone: status new → in_review"
        assert f"#{ids[0]} IN REVIEW" in screen_text(app)


async def test_undo_says_why_it_will_not_overwrite_a_colleagues_change(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        Desk(database, "bob").set_status(ids[0], "dismissed", note="Not news.")
        await pilot.press("z")  # the screen still shows the version before bob's change
        await settle(pilot)
        assert "changed by bob after you read it" in notifications(app).splitlines()[-1]
        await pilot.press("z")  # now it has caught up: refused, in one line, saying why
        await settle(pilot)
        assert notifications(app).splitlines()[-1] == (
            f"claim {ids[0]}'s status was changed since by bob (v3: status in_review → dismissed), it is now "
            "dismissed: undoing your change (v2, status new → in_review) would overwrite that; nothing was saved"
        )
        assert status_of(database, ids[0]) == "dismissed"


async def test_bulk_dismiss_and_bulk_assign(database: Database, make_app: MakeApp) -> None:
    ids = seed_two_articles(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        await pilot.press("space", "space")
        assert set(queue.marks) == {ids[0], ids[1]}
        assert "● 2 marked" in screen_text(app)
        assert screen_text(app).count("▶") + screen_text(app).count("●") >= 3
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, StatusDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [status_of(database, i) for i in ids[:3]] == ["dismissed", "dismissed", "new"]
        assert queue.marks == {}
        # bulk assign: mark the 3rd and 4th
        await pilot.press("space", "space")
        assert set(queue.marks) == {ids[2], ids[3]}
        await pilot.press("A")
        await settle(pilot)
        await pilot.press(*"carol", "enter")
        await settle(pilot)
        assignees = [Desk(database, "r").claim(i).claim.assignee for i in ids[:5]]
        assert assignees == [None, None, "carol", "carol", None]
        # bulk assign to me
        await pilot.press("space", "a")
        await settle(pilot)
        assert Desk(database, "r").claim(ids[4]).claim.assignee == "alice"


async def test_search_as_you_type(database: Database, make_app: MakeApp) -> None:
    seed_two_articles(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        await pilot.press("slash")
        assert app.focused is app.desk_screen.query_one("#search")
        await pilot.press(*"brid")
        await settle(pilot)
        assert queue.total == 2
        assert {r.text for r in queue.visible_rows()} == {"the bridge collapsed at noon"}
        await pilot.press(*"ge noon")
        await settle(pilot)
        assert queue.total == 2
        await pilot.press(*"zzz")
        await settle(pilot)
        assert queue.total == 0
        assert "No claims match" in screen_text(app)
        await pilot.press("enter", "c")
        await settle(pilot)
        assert queue.total == 6


async def test_status_article_and_mine_filters(database: Database, make_app: MakeApp) -> None:
    ids = seed_two_articles(database)
    desk = Desk(database, "alice")
    desk.set_status(ids[1], "in_review")
    desk.assign(ids[4], "alice")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        # status: tick "in review" (the 2nd option)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen.query_one("#statuses"), SelectionList)
        await pilot.press("down", "space", "ctrl+s")
        await settle(pilot)
        assert queue.total == 1 and queue.current_row.id == ids[1]
        assert "status: in review" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        # article: only the selected claim's article
        await pilot.press("end")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert queue.total == 3 and {r.article_id for r in queue.visible_rows()} == {queue.current_row.article_id}
        assert "article #2" in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert queue.total == 6
        # mine
        await pilot.press("M")
        await settle(pilot)
        assert queue.total == 1 and queue.current_row.id == ids[4]
        assert "mine" in screen_text(app)
        await pilot.press("M")
        await settle(pilot)
        assert queue.total == 6


async def test_jump_to_claim_by_id_from_the_palette(database: Database, make_app: MakeApp) -> None:
    ids = seed_two_articles(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*f"claim {ids[4]}")
        await wait_until(pilot, lambda: f"Jump to claim #{ids[4]}" in screen_text(app), what="the palette hit")
        await pilot.press("enter")
        await settle(pilot)
        queue = app.desk_screen.queue
        assert queue.current_row is not None and queue.current_row.id == ids[4]
        assert f"#{ids[4]} NEW" in screen_text(app)


async def test_palette_offers_actions_and_filters(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"start review")
        await wait_until(pilot, lambda: "Start review" in screen_text(app), what="the action")
        await pilot.press("enter")
        await settle(pilot)
        assert status_of(database, ids[0]) == "in_review"
        await pilot.press("ctrl+p")
        await pilot.press(*"only in review")
        await wait_until(pilot, lambda: "Filter: only in review" in screen_text(app), what="the filter")
        await pilot.press("enter")
        await settle(pilot)
        assert app.desk_screen.queue.total == 1


async def test_jump_key_and_unknown_id(database: Database, make_app: MakeApp) -> None:
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", *str(ids[2]), "enter")
        await settle(pilot)
        assert app.desk_screen.queue.current_row.id == ids[2]
        await pilot.press("g", *"999", "enter")
        await settle(pilot)
        assert "no claim with id 999" in notifications(app)


async def test_help_screen_lists_every_key(database: Database, make_app: MakeApp) -> None:
    seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for phrase in (
            "Verdict: verified",
            "Add evidence",
            "Assign to me",
            "Undo my last change",
            "Redo: apply again",
            "Mark or unmark",
        ):
            assert phrase in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def test_every_binding_has_an_id_and_a_description() -> None:
    from claimtrack.tui.screens.article import ArticleScreen
    from claimtrack.tui.screens.desk import DeskScreen
    from claimtrack.tui.widgets.queue import ClaimQueue

    for owner in (DeskScreen, ArticleScreen, FormDialog, HelpScreen, ClaimQueue):
        for binding in owner.BINDINGS:
            assert binding.id and binding.description, (owner, binding)


@pytest.mark.parametrize("key", ["r", "v", "e", "n", "a", "z", "Z", "space", "enter", "t"])
async def test_actions_on_an_empty_database_do_not_crash(database: Database, make_app: MakeApp, key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert "No claims match" in screen_text(app)


async def test_the_queue_sets_low_scores_aside_and_T_shows_them(database: Database) -> None:
    """Untouched proposals below the threshold are out of the queue, one key away; a claim a
    checker has touched is always in it."""
    ids = seed(database)  # three claims scored 0.8
    app = RecordingApp(Desk(database, "alice", queue_threshold=0.9), poll_interval=0, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen.queue
        assert queue.total == 0 and "the queue" in screen_text(app)
        await pilot.press("T")
        await settle(pilot)
        assert queue.total == 3 and "set aside (score < 0.9)" in screen_text(app)
        reviewed = queue.current_row.id
        await pilot.press("r")  # start reviewing one of them: it is touched now, no longer set aside
        await settle(pilot)
        assert status_of(database, reviewed) == "in_review"
        assert queue.total == 2 and reviewed not in {queue.current_row.id}
        await pilot.press("T")
        await settle(pilot)
        assert queue.total == 3 and "all claims, set-aside too" in screen_text(app)
        await pilot.press("T")
        await settle(pilot)
        assert queue.total == 1 and queue.current_row.status == "in_review"
        assert queue.current_row.id in ids
