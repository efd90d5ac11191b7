"""The review desk application."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from textual import events
from textual.app import App
from textual.notifications import SeverityLevel

from claimtrack.services.desk import Desk
from claimtrack.tui.commands import DeskCommands
from claimtrack.tui.render import Clock, utc_now
from claimtrack.tui.screens.desk import DeskScreen

IDLE_GC_AFTER = 0.2
"""Seconds without input after which a pending full garbage collection runs (``freeze_gc``)."""


def _monotonic() -> float:
    return time.monotonic()


class ClaimtrackApp(App[None]):
    """The review desk for one checker (``desk.user``) on one database.

    ``poll_interval``: seconds between looks for colleagues' changes (0 turns polling off).
    ``clock``: what "now" is, for the ages shown in the history (fixed in snapshot tests).
    ``cursor_blink``: off in snapshot tests, so screenshots do not depend on timing.
    ``freeze_gc``: keep Python's full garbage collections out of the checker's way. Once the
    first screen is up, every object alive then (the libraries, the model, the widgets: most of
    the heap) is frozen out of the collector's sight (:func:`gc.freeze`), so a full collection
    walks only what was made since (20-50 ms instead of 60-100 ms, measured while racing
    through a million-claim queue); and full collections run early, when the checker pauses
    (no key or mouse input for ``IDLE_GC_AFTER`` seconds), so that Python's own seldom falls
    in the middle of typing. On for the real desk (:func:`run_tui`);
    off by default, because frozen objects are never freed, which matters to a process (a
    test run) that starts many apps.
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
        freeze_gc: bool = False,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.poll_interval = poll_interval
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.freeze_gc = freeze_gc
        self._last_input = 0.0

    def on_mount(self) -> None:
        self.push_screen(DeskScreen(self.desk, poll_interval=self.poll_interval))
        if self.freeze_gc:
            self.call_after_refresh(gc.freeze)
            self.set_interval(IDLE_GC_AFTER, self._collect_when_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self._last_input = _monotonic()
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        """A full collection while nobody touches a key or the mouse, once a third of the way to
        Python's own (automatic) one: that one then rarely comes in the middle of typing."""
        if gc.get_count()[2] >= 3 and _monotonic() - self._last_input >= IDLE_GC_AFTER:
            gc.collect()

    @property
    def desk_screen(self) -> DeskScreen:
        return next(s for s in self.screen_stack if isinstance(s, DeskScreen))


def run_tui(desk: Desk) -> None:
    """Run the review desk in the terminal until the checker quits."""
    ClaimtrackApp(desk, freeze_gc=True).run()
