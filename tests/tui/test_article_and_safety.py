"""The article screen (moving between claims, adding a missed one), and hostile text."""

from __future__ import annotations

import ast
from pathlib import Path

from textual.widgets.text_area import Selection

from claimtrack.services.desk import Desk
from claimtrack.store import Database
from claimtrack.tui.dialogs import ClaimantDialog
from claimtrack.tui.render import SafeText
from claimtrack.tui.screens.article import ArticleScreen, ArticleText
from tests.builders import BODY, seed
from tests.tui.conftest import (
    HOSTILE,
    SIZE,
    dialog_text,
    notifications,
    screen_styles,
    screen_text,
    seed_hostile,
    settle,
)

TUI = Path(__file__).resolve().parents[2] / "claimtrack" / "tui"


async def test_article_view_moves_between_claims_and_adds_a_missed_one(database: Database, make_app) -> None:  # type: ignore[no-untyped-def]
    ids = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        text = screen_text(app)
        assert "Bridge collapse" in text and "Daily Test" in text and "3 claims" in text
        assert screen.current_claim == ids[0]
        await pilot.press("right_square_bracket")
        assert screen.current_claim == ids[1]
        status_line = "\n".join(screen_text(app).split("\n")[-4:-1])  # the 3 lines above the footer
        assert "the bridge collapsed at noon" in status_line
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert screen.current_claim == ids[2]

        # select "Prices rose 5%" with the keyboard: line 3, from column 0
        area = screen.query_one(ArticleText)
        area.focus()
        area.selection = Selection.cursor((2, 0))
        await pilot.press(*["shift+right"] * len("Prices rose 5%"))
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, ClaimantDialog)
        assert "Prices rose 5%" in dialog_text(app)
        await pilot.press(*"Statistics office", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        claims = Desk(database, "r").article(1).claims
        manual = [c for c in claims if c.id not in ids]
        assert len(manual) == 1
        start = BODY.index("Prices rose 5%")
        assert (manual[0].start, manual[0].end, manual[0].claimant, manual[0].text) == (
            start,
            start + len("Prices rose 5%"),
            "Statistics office",
            "Prices rose 5%",
        )
        assert "4 claims" in screen_text(app)
        assert any("added" in n for n in notifications(app).split("\n"))
        # back to the queue, which has the new claim too
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.desk_screen.queue.total == 4
        assert app.desk_screen.queue.current_row.id == manual[0].id


async def test_adding_a_claim_needs_a_selection_and_a_claimant(database: Database, make_app) -> None:  # type: ignore[no-untyped-def]
    seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        area = app.screen.query_one(ArticleText)
        area.selection = Selection.cursor((0, 0))
        await pilot.press("plus")
        assert "Select the claim's text first" in notifications(app)
        area.selection = Selection((0, 4), (0, 12))
        await pilot.press("plus")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimantDialog)
        assert "who makes the claim" in screen_text(app)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert len(Desk(database, "r").article(1).claims) == 3


def test_safe_text_maps_offsets_both_ways() -> None:
    text = "a\x1bb\x07c\u202ed\ne"
    safe = SafeText.of(text)
    assert "\x1b" not in safe.display and "\\x1b" in safe.display
    for offset in range(len(text) + 1):
        assert safe.to_original(safe.to_display(offset)) == offset


async def test_hostile_text_is_shown_literally_everywhere(database: Database, make_app) -> None:  # type: ignore[no-untyped-def]
    seed_hostile(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screens = {}
        screens["desk"] = screen_text(app), screen_styles(app)
        await pilot.press("enter")
        await settle(pilot)
        screens["article"] = screen_text(app), screen_styles(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screens["dialog"] = dialog_text(app), screen_styles(app)
    desk_text = screens["desk"][0]
    assert "[bold red]x[/]" in desk_text and "[link=https://evil]y[/link]" in desk_text
    assert "\\x1b[31mred\\x07" in desk_text
    assert "[i]The agency[/i]" in desk_text and "[bold]Loud[/bold]" in desk_text
    assert "[bold red]x[/]" in screens["article"][0] and "\\x1b[31m" in screens["article"][0]
    assert "[bold red]x[/]" in screens["dialog"][0]
    for name, (text, styles) in screens.items():
        assert not any(ch in text for ch in "\x1b\x07\x00"), (name, text)
        for style in styles:
            assert not style.link, (name, style)
            assert not style.blink, (name, style)
    assert HOSTILE  # the fixture's text


def test_the_tui_imports_no_database_library() -> None:
    files = sorted(TUI.rglob("*.py"))
    assert len(files) > 5
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"sqlmodel", "sqlalchemy", "alembic", "psycopg"}, (
                    f"{path} imports {name}"
                )
                assert not name.startswith("claimtrack.store.engine"), f"{path} imports {name}"
        text = path.read_text(encoding="utf-8")
        for word in ("session.", "select(", "INSERT ", "UPDATE "):
            assert word not in text, f"{path} contains {word!r}"


#: What the TUI may import from claimtrack: the desk facade, its views, and the shared vocabulary.
TUI_MAY_IMPORT = (
    "claimtrack.services.desk",
    "claimtrack.services.views",
    "claimtrack.domain",
    "claimtrack.errors",
    "claimtrack.textsafe",
    "claimtrack.limits",
    "claimtrack.tui",
)


def test_the_tui_imports_only_the_desk_and_the_domain() -> None:
    """Everything the TUI needs from the services comes through the desk (and its views)."""
    for path in sorted(TUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                if name == "claimtrack" or name.startswith("claimtrack."):
                    assert any(name == allowed or name.startswith(allowed + ".") for allowed in TUI_MAY_IMPORT), (
                        f"{path.relative_to(TUI.parent)} imports {name}"
                    )


async def test_notifications_never_parse_markup(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test() as pilot:
        app.notify("[bold red]x[/] and [link=https://evil]y[/link]")
        app.screen.notify("[blink]z")
        await pilot.pause()
        shown = list(app.notified)
        assert shown and all(n.markup is False for n in shown)
