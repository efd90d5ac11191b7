"""The review desk application."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.notifications import SeverityLevel

from claimtrack.services.desk import Desk
from claimtrack.tui.commands import DeskCommands
from claimtrack.tui.render import Clock, utc_now
from claimtrack.tui.screens.desk import DeskScreen


class ClaimtrackApp(App[None]):
    """The review desk for one checker (``desk.user``) on one database.

    ``poll_interval``: seconds between looks for colleagues' changes (0 turns polling off).
    ``clock``: what "now" is, for the ages shown in the history (fixed in snapshot tests).
    ``cursor_blink``: off in snapshot tests, so screenshots do not depend on timing.
    """

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "claimtrack"
    SUB_TITLE = "review desk"
    COMMANDS = App.COMMANDS | {DeskCommands}

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry article text, urls, names and error messages: never markup.

        Widgets' ``notify`` passes ``markup=True`` by default, so it is ignored here on purpose.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def __init__(
        self,
        desk: Desk,
        *,
        poll_interval: float = 1.0,
        clock: Clock = utc_now,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.poll_interval = poll_interval
        self.clock = clock
        self.cursor_blink = cursor_blink

    def on_mount(self) -> None:
        self.push_screen(DeskScreen(self.desk, poll_interval=self.poll_interval))

    @property
    def desk_screen(self) -> DeskScreen:
        return next(s for s in self.screen_stack if isinstance(s, DeskScreen))


def run_tui(desk: Desk) -> None:
    """Run the review desk in the terminal until the checker quits."""
    ClaimtrackApp(desk).run()
