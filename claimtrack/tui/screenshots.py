"""Make the SVG screenshots in docs/images/ with the app itself, on a fresh demo database.

.venv/bin/python -m claimtrack.tui.screenshots [docs/images]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from claimtrack.services.desk import ClaimFilter, Desk, demo_desk
from claimtrack.tui.app import ClaimtrackApp

SHOTS: list[tuple[str, list[str]]] = [
    ("tui-queue", []),
    ("tui-article", ["enter"]),
    ("tui-verdict-dialog", ["d"]),
    ("tui-evidence-dialog", ["e"]),
    ("tui-help", ["question_mark"]),
    ("tui-report", ["p"]),
]


async def _shoot(desk: Desk, keys: list[str], target: Path) -> None:
    app = ClaimtrackApp(desk, poll_interval=0, cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        for key in ["_", *keys]:
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            if key != "_":
                await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        target.write_text(app.export_screenshot(title="claimtrack review desk"), encoding="utf-8")


def main(folder: str = "docs/images") -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, demo_desk(str(Path(tmp) / "demo.db"), "alice") as desk:
        # a little history, so the screens show a claim under review
        first = desk.first_page(ClaimFilter(), 30)
        disputed = next((r for r in first if r.disputed_by), first[0])
        desk.set_status(disputed.id, "in_review")
        desk.assign(disputed.id, "alice")
        for name, keys in SHOTS:
            asyncio.run(_shoot(desk, ["g", *str(disputed.id), "enter", *keys], out / f"{name}.svg"))
            print(out / f"{name}.svg")


if __name__ == "__main__":
    main(*sys.argv[1:])
