"""The command palette: every desk action (jumping to a claim by id among them), the orders,
and the filters; typing a number offers that claim and that article."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from claimtrack.domain import ClaimStatus
from claimtrack.services.desk import ClaimSort
from claimtrack.tui.actions import DESK_ACTIONS
from claimtrack.tui.render import status_label

if TYPE_CHECKING:
    from claimtrack.tui.screens.desk import DeskScreen

_NUMBER = re.compile(r"#?(\d+)")
JUMP_HINT = ", or type the id: “claim 42”"

#: The palette's entry for each order ("Sort: highest score first (check-worthiness)").
SORT_ENTRIES: dict[ClaimSort, str] = {
    ClaimSort.SCORE: "highest score first (check-worthiness)",
    ClaimSort.NEWEST: "newest articles first",
    ClaimSort.OLDEST: "oldest articles first",
    ClaimSort.ID: "by claim ID (the order claims came in)",
}


class DeskCommands(Provider):
    """Commands of the desk screen (nothing is offered on other screens)."""

    def _desk(self) -> DeskScreen | None:
        from claimtrack.tui.screens.desk import DeskScreen

        screen = self.screen
        return screen if isinstance(screen, DeskScreen) else None

    def _commands(self, desk: DeskScreen) -> list[tuple[str, Callable[[], object], str]]:
        commands: list[tuple[str, Callable[[], object], str]] = []
        for action in DESK_ACTIONS:  # (jumping to a claim by its id is one of them)
            if action.action.startswith("app."):
                continue
            help_text = f"key: {action.shown_key}" + (JUMP_HINT if action.id == "claimtrack.jump" else "")
            commands.append((action.help, partial(desk.run_action, action.action), help_text))
        for sort in ClaimSort:
            commands.append((f"Sort: {SORT_ENTRIES[sort]}", partial(desk.set_sort, sort), "order of the queue"))
        commands.append(("Filter: minimum score…", desk.ask_min_score, "only claims scored at least (0 to 1)"))
        commands.append(("Filter: any score", partial(desk.set_min_score, None), "score filter"))
        for status in ClaimStatus:
            commands.append(
                (
                    f"Filter: only {status_label(status).lower()}",
                    partial(desk.apply_status_filter, (status.value,)),
                    "status filter",
                )
            )
        # (mine and unassigned are actions above: keys M and U)
        commands.append(("Filter: any assignee", partial(desk.set_assignee_filter, None), "assignee filter"))
        commands.append(("Filter: only this claim's article", desk.action_filter_this_article, "article filter"))
        commands.append(("Filter: article by id…", desk.ask_article_filter, "article filter"))
        commands.append(("Filter: clear every filter", desk.action_clear_filters, "key: c"))
        return commands

    async def discover(self) -> Hits:
        desk = self._desk()
        if desk is None:
            return
        for text, command, help_text in self._commands(desk):
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        desk = self._desk()
        if desk is None:
            return
        number = _NUMBER.search(query)
        if number:
            claim_id = int(number.group(1))
            yield Hit(
                1.0, f"Jump to claim #{claim_id}", partial(desk.jump_to_claim, claim_id), help="select it in the queue"
            )
            yield Hit(
                0.9,
                f"Filter: article #{claim_id}",
                partial(desk.set_article_filter, claim_id),
                help="only this article's claims",
            )
        matcher = self.matcher(query)
        for text, command, help_text in self._commands(desk):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)
