"""Priorities first: the queue's order (S, the palette), a minimum score, the unassigned key,
the ID and assignee columns, and the desk at 80x24; driven by Pilot on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.widgets import Input

from claimtrack.domain import ParsedArticle
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.desk import Desk
from claimtrack.services.ingest import store_article
from claimtrack.store import Database
from claimtrack.tui import ClaimtrackApp
from claimtrack.tui.screens.help import HelpScreen, help_table
from tests.tui.conftest import SIZE, dialog_text, screen_lines, screen_text, settle, wait_until

MakeApp = Callable[..., ClaimtrackApp]

#: (title, published, {claim text: score}); the claims of each article in text order.
ARTICLES = [
    ("Old story", date(2020, 1, 2), {"Ports handled 40 ships a day": 0.55, "The port closed in March": 0.97}),
    ("New story", date(2030, 5, 6), {"Wheat prices doubled this year": 0.72, "The mayor denied the report": 0.61}),
    ("Middle story", date(2025, 3, 4), {"Rail traffic fell by a third": 0.88}),
]


def seed_scored(db: Database) -> dict[str, int]:
    """The articles of ``ARTICLES``; returns each claim's id by its text."""
    for title, published, claims in ARTICLES:
        body = "\n".join(f"The ministry said {text}." for text in claims)

        def extractor(text: str, *, default_claimant: str | None = None, claims: dict = claims) -> list[ProposedClaim]:
            out = []
            for phrase, score in claims.items():
                start = text.index(phrase)
                line_start = text.rfind("\n", 0, start) + 1
                line_end = text.find("\n", start) if "\n" in text[start:] else len(text)
                out.append(
                    ProposedClaim(
                        text=phrase,
                        start=start,
                        end=start + len(phrase),
                        sentence=text[line_start:line_end],
                        sentence_start=line_start,
                        sentence_end=line_end,
                        claimant="The ministry of ports, harbours and inland waterways",
                        cue="said",
                        score=score,
                    )
                )
            return out

        with db.session() as s:
            store_article(
                s, ParsedArticle(title=title, body=body, published=published), user="loader", extractor=extractor
            )
    desk = Desk(db, "reader")
    rows = desk.rows_at(desk.build_index(desk_filter()), 0, 100)
    return {row.text: row.id for row in rows}


def desk_filter():  # type: ignore[no-untyped-def]
    from claimtrack.services.desk import ClaimFilter, Triage

    return ClaimFilter.build(triage=Triage.ALL)


BY_SCORE = [
    "The port closed in March",
    "Rail traffic fell by a third",
    "Wheat prices doubled this year",
    "The mayor denied the report",
    "Ports handled 40 ships a day",
]
NEWEST = [
    "Wheat prices doubled this year",
    "The mayor denied the report",
    "Rail traffic fell by a third",
    "Ports handled 40 ships a day",
    "The port closed in March",
]
OLDEST = [
    "Ports handled 40 ships a day",
    "The port closed in March",
    "Rail traffic fell by a third",
    "Wheat prices doubled this year",
    "The mayor denied the report",
]


def queue_texts(app: ClaimtrackApp) -> list[str]:
    queue = app.desk_screen.queue
    return [row.text for row in (queue.row_at(p) for p in range(queue.total)) if row is not None]


def summary(app: ClaimtrackApp) -> str:
    return str(app.desk_screen.query_one("#filter-summary").render())


async def test_S_cycles_the_order_and_keeps_the_claim_selected(database: Database, make_app: MakeApp) -> None:
    ids = seed_scored(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        # check-worthiness first, by default
        assert queue_texts(app) == BY_SCORE
        assert "by score" in summary(app)
        await pilot.press("down", "down")  # "Wheat prices doubled this year"
        await settle(pilot)
        chosen = ids["Wheat prices doubled this year"]
        assert queue.current_row.id == chosen
        for expected, words in ((NEWEST, "newest first"), (OLDEST, "oldest first")):
            await pilot.press("S")
            await settle(pilot)
            assert queue_texts(app) == expected and words in summary(app)
            # the same claim, wherever the new order puts it
            assert queue.current_row.id == chosen and queue.cursor == expected.index("Wheat prices doubled this year")
        await pilot.press("S")
        await settle(pilot)
        assert [row for row in queue_texts(app)] == sorted(ids, key=ids.__getitem__) and "by ID" in summary(app)
        assert queue.current_row.id == chosen
        await pilot.press("S")
        await settle(pilot)
        assert queue_texts(app) == BY_SCORE and queue.current_row.id == chosen
        # clearing the filters keeps the order (it is not a filter)
        await pilot.press("S", "M")
        await settle(pilot)
        assert queue.total == 0
        await pilot.press("c")
        await settle(pilot)
        assert queue_texts(app) == NEWEST and "newest first" in summary(app)


async def test_U_shows_the_unassigned_claims_and_M_mine(database: Database, make_app: MakeApp) -> None:
    ids = seed_scored(database)
    desk = Desk(database, "bob")
    desk.assign(ids["The port closed in March"], "alice")
    desk.assign(ids["Rail traffic fell by a third"], "bob")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        assert queue.total == 5
        await pilot.press("U")
        await settle(pilot)
        assert queue_texts(app) == [
            t for t in BY_SCORE if t not in ("The port closed in March", "Rail traffic fell by a third")
        ]
        assert "unassigned" in summary(app)
        await pilot.press("M")  # mine instead
        await settle(pilot)
        assert queue_texts(app) == ["The port closed in March"] and "mine" in summary(app)
        await pilot.press("U")
        await settle(pilot)
        assert queue.total == 3
        await pilot.press("U")  # again: anyone's
        await settle(pilot)
        assert queue.total == 5 and "unassigned" not in summary(app)


async def test_the_queue_shows_each_claims_id_and_assignee(database: Database, make_app: MakeApp) -> None:
    ids = seed_scored(database)
    Desk(database, "bob").assign(ids["Rail traffic fell by a third"], "bob")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if "STATUS" in line and "CLAIM" in line)
        assert header.split()[:6] == ["ID", "STATUS", "SCORE", "CLAIMANT", "ASSIGNEE", "CLAIM"]
        rail = next(line for line in lines if "Rail traffic fell by a third" in line)
        assert f"#{ids['Rail traffic fell by a third']} " in rail and " bob " in rail
        # the columns line up with their titles, and a long claimant is cut with "…"
        assert rail.index(f"#{ids['Rail traffic fell by a third']}") == header.index("ID")
        assert rail[header.index("ASSIGNEE") :].startswith("bob")
        assert rail[header.index("CLAIMANT") : header.index("ASSIGNEE")].rstrip().endswith("…")
        assert rail.index("Rail traffic") == header.rindex("CLAIM")
        # "open #N": g and the number select it
        port = ids["Ports handled 40 ships a day"]
        await pilot.press("g", *str(port), "enter")
        await settle(pilot)
        assert app.desk_screen.queue.current_row.id == port
        cursor = next(line for line in screen_lines(app) if line.startswith("▶"))
        assert f"#{port} " in cursor and "Ports handled 40 ships a day" in cursor


async def test_at_80x24_the_queue_keeps_status_id_score_and_claim_and_the_counts_fit(
    database: Database, make_app: MakeApp
) -> None:
    ids = seed_scored(database)
    desk = Desk(database, "bob")
    desk.assign(ids["Rail traffic fell by a third"], "bob")
    desk.set_status(ids["The port closed in March"], "in_review")
    desk.set_status(ids["Ports handled 40 ships a day"], "unverifiable")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        for text in BY_SCORE[:4]:  # the queue's rows above the detail pane
            row = next((line for line in lines if text[:20] in line), None)
            assert row is not None, text
            claim_id = ids[text]
            status = {"The port closed in March": "IN REVIEW"}.get(text, "NEW")
            assert f"#{claim_id} " in row and status in row
            score = next(s for _, _, claims in ARTICLES for t, s in claims.items() if t == text)
            assert f"{score:.2f}" in row
            assert len(row) <= 80
        counts = next(line for line in lines if "NEW" in line and "total" in line)
        # every status and the total, abbreviated rather than cut
        assert "total 5" in counts and "UNV 1" in counts and "REV 1" in counts and "DISM 0" in counts
        assert "…" not in counts
    # ... and at 120 columns the labels are whole
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        counts = next(line for line in screen_lines(app) if "total" in line)
        assert "IN REVIEW 1" in counts and "UNVERIFIABLE 1" in counts and "DISMISSED 0" in counts


async def test_the_palette_sorts_and_sets_a_minimum_score(database: Database, make_app: MakeApp) -> None:
    seed_scored(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        await pilot.press("ctrl+p", *"oldest articles")
        await wait_until(pilot, lambda: "Sort: oldest articles first" in screen_text(app), what="the sort entry")
        await pilot.press("enter")
        await settle(pilot)
        assert queue_texts(app) == OLDEST
        await pilot.press("ctrl+p", *"minimum score")
        await wait_until(pilot, lambda: "Filter: minimum score" in screen_text(app), what="the score entry")
        await pilot.press("enter")
        await settle(pilot)
        field = app.screen.query_one("#min-score", Input)
        await pilot.press(*"1.5", "enter")
        await settle(pilot)
        assert "not between 0 and 1" in dialog_text(app)  # refused in the dialog, nothing lost
        field.value = ""
        await pilot.press(*"0.7", "enter")
        await settle(pilot)
        assert queue_texts(app) == [t for t in OLDEST if t in BY_SCORE[:3]]
        assert "score ≥ 0.7" in summary(app) and "oldest first" in summary(app)
        assert "total 3" in screen_text(app)  # the counts follow
        await pilot.press("ctrl+p", *"any score")
        await wait_until(pilot, lambda: "Filter: any score" in screen_text(app), what="any score")
        await pilot.press("enter")
        await settle(pilot)
        assert queue.total == 5


async def test_the_palette_has_one_jump_to_a_claim(database: Database, make_app: MakeApp) -> None:
    seed_scored(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"jump")
        await wait_until(pilot, lambda: "Jump to a claim by its id" in screen_text(app), what="the jump entry")
        await settle(pilot)
        text = screen_text(app)
        assert text.count("Jump to a claim") == 1 and "Jump to claim by id" not in text
        assert "key: g, or type the id" in text


async def test_help_lists_each_key_once(database: Database, make_app: MakeApp) -> None:
    seed_scored(database)
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(help_table())
    rows = [line.strip() for line in console.export_text().splitlines()]
    keys = {row.split("  ")[0]: row for row in rows if row}
    for shown in ("], n", "[, p", "+, ctrl+n", "esc, q", "S", "U", "M"):
        assert shown in keys, shown
    assert not any(row.startswith(("], ]", "[, [", "+, ctrl+n, +")) for row in rows)
    assert "Sort: highest score first" in keys["S"] and "nobody is assigned" in keys["U"]
