"""Two checkers on one database: each sees the other's changes; a stale write is refused."""

from __future__ import annotations

from textual.widgets import TextArea

from claimtrack.services.desk import Desk
from claimtrack.store import Database, open_database
from claimtrack.tui.dialogs import NoteDialog
from tests.builders import seed
from tests.tui.conftest import SIZE, RecordingApp, notifications, screen_text, settle, wait_until


def two_apps(db_url: str, poll: float = 0.2) -> tuple[RecordingApp, RecordingApp, list[Database]]:
    dbs = [open_database(db_url), open_database(db_url)]
    a = RecordingApp(Desk(dbs[0], "alice"), poll_interval=poll, cursor_blink=False)
    b = RecordingApp(Desk(dbs[1], "bob"), poll_interval=poll, cursor_blink=False)
    return a, b, dbs


async def test_each_sees_the_others_change_within_two_seconds(db_url: str) -> None:
    setup = open_database(db_url)
    ids = seed(setup)
    a, b, dbs = two_apps(db_url)
    try:
        async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
            await settle(pa)
            await settle(pb)
            assert "IN REVIEW 0" in screen_text(a)
            # B starts reviewing the first claim; A presses nothing
            await pb.press("r")
            await settle(pb)
            assert Desk(setup, "r").claim(ids[0]).claim.status == "in_review"
            await wait_until(pa, lambda: "IN REVIEW 1" in screen_text(a), timeout=2.0, what="A's counts")
            await wait_until(pa, lambda: "#1 IN REVIEW" in screen_text(a), timeout=2.0, what="A's detail")
            # the queue's rows are read again by their own worker, beside the detail's
            await wait_until(
                pa,
                lambda: a.desk_screen.queue.current_row.status == "in_review",
                timeout=2.0,
                what="A's queue row",
            )
            assert "bob: claim #1 status new → in_review" in notifications(a)
            # and back: A's note shows in B's detail
            await pa.press("n")
            await settle(pa)
            await pa.press(*"seen it", "ctrl+s")
            await settle(pa)
            await wait_until(pb, lambda: "NOTES (1)" in screen_text(b), timeout=2.0, what="B's detail")
            assert "seen it" in screen_text(b)
    finally:
        for db in (*dbs, setup):
            db.close()


async def test_new_claims_appear_for_the_other_checker(db_url: str) -> None:
    setup = open_database(db_url)
    seed(setup)
    a, _b, dbs = two_apps(db_url)
    try:
        async with a.run_test(size=SIZE) as pa:
            await settle(pa)
            assert a.desk_screen.queue.total == 3
            Desk(setup, "carol").add_manual_claim(1, 0, 10, claimant="someone")
            await wait_until(pa, lambda: a.desk_screen.queue.total == 4, timeout=2.0, what="the new claim")
            # the counts bar is loaded by its own worker once the queue has its rows
            await wait_until(pa, lambda: "NEW 4" in screen_text(a), timeout=2.0, what="the counts")
    finally:
        for db in (*dbs, setup):
            db.close()


async def test_a_stale_change_is_refused_naming_who_and_what(db_url: str) -> None:
    setup = open_database(db_url)
    ids = seed(setup)
    a, b, dbs = two_apps(db_url)
    try:
        async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
            await settle(pa)
            await settle(pb)
            # both look at claim 1; B starts typing a note
            await pb.press("n")
            await settle(pb)
            assert isinstance(b.screen, NoteDialog)
            await pb.press(*"my careful note")
            # meanwhile A starts the review
            await pa.press("r")
            await settle(pa)
            await pb.press("ctrl+s")
            await settle(pb)
            # B is told who changed it and to what; the dialog keeps the note
            assert isinstance(b.screen, NoteDialog)
            text = screen_text(b)
            assert "changed by alice" in text and "in_review" in text
            assert b.screen.query_one("#note", TextArea).text == "my careful note"
            # the database holds A's change and nothing from B
            history = Desk(setup, "r").claim(ids[0]).history
            assert [h.actor for h in history] == ["extractor", "alice"] or [h.actor for h in history][-1] == "alice"
            assert all(h.actor != "bob" for h in history)
            assert Desk(setup, "r").claim(ids[0]).claim.status == "in_review"
            # B's screen was reloaded behind the dialog
            await pb.press("escape")
            await wait_until(pb, lambda: "#1 IN REVIEW" in screen_text(b), timeout=2.0, what="B's reload")
    finally:
        for db in (*dbs, setup):
            db.close()


async def test_a_stale_direct_action_is_refused(db_url: str) -> None:
    setup = open_database(db_url)
    ids = seed(setup)
    _a, b, dbs = two_apps(db_url, poll=0)  # B does not poll: its screen stays stale
    try:
        async with b.run_test(size=SIZE) as pb:
            await settle(pb)
            Desk(setup, "alice").set_status(ids[0], "in_review")
            await pb.press("x")
            await settle(pb)
            assert "changed by alice" in notifications(b) and "in_review" in notifications(b)
            assert Desk(setup, "r").claim(ids[0]).claim.status == "in_review"
            assert all(h.actor != "bob" for h in Desk(setup, "r").claim(ids[0]).history)
            assert "#1 IN REVIEW" in screen_text(b), "the claim was reloaded"
    finally:
        for db in (*dbs, setup):
            db.close()


async def test_a_set_aside_claim_a_colleague_takes_up_joins_the_queue(db_url: str) -> None:
    """The queue leaves out untouched proposals scored below the threshold; once a colleague
    starts reviewing one, it is work in hand and joins everyone's queue (and leaves it again when
    the review is undone)."""
    import sqlalchemy as sa

    from claimtrack.store.models import Claim

    setup = open_database(db_url)
    ids = seed(setup)
    with setup.session() as s:
        s.execute(sa.update(Claim).where(Claim.id == ids[2]).values(score=0.01))  # type: ignore[arg-type]
        s.commit()
    a, _b, dbs = two_apps(db_url)
    try:
        async with a.run_test(size=SIZE) as pa:
            await settle(pa)
            assert a.desk_screen.queue.total == 2
            Desk(setup, "bob").set_status(ids[2], "in_review")
            await wait_until(pa, lambda: a.desk_screen.queue.total == 3, timeout=2.0, what="the claim taken up")
            Desk(setup, "bob").undo_last(ids[2])
            await wait_until(pa, lambda: a.desk_screen.queue.total == 2, timeout=2.0, what="the claim set aside again")
    finally:
        for db in (*dbs, setup):
            db.close()
