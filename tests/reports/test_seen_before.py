"""Seen before in reports (issue 15): the counts of repeated claims and of claims matched to fact
checks, and the claims confirmed the same as a checked claim or a fact check, with that verdict
and its link, in every format.

Real databases (a SQLite file and PostgreSQL), data built through the services: two articles
ingested, the second matched on arrival by the real matcher (``match_articles``), a fact check
stored as an import stores it, verdicts given and matches decided by a checker (``decide``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from sqlmodel import select

from claimtrack.config import Settings
from claimtrack.domain import ClaimStatus, MatchKind, MatchState, ParsedArticle
from claimtrack.services.factcheck_store import row_from_json, store_fact_checks
from claimtrack.services.ingest import store_article
from claimtrack.services.queries import ClaimFilter
from claimtrack.services.reports import ReportFilter, report_totals, seen_before, write_report
from claimtrack.services.seen import seen_before as queue_marks
from claimtrack.services.similar import Target, decide, match_articles
from claimtrack.services.workflow import add_evidence, set_status
from claimtrack.store import Database
from claimtrack.store.models import Claim, FactCheck
from tests.builders import _propose, seed

NOW = datetime(2030, 1, 1, tzinfo=UTC)
SETTINGS = Settings(
    match_suggest_threshold=0.75, match_strong_threshold=0.95, check_url_pattern="https://facts.example/checks/{id}"
)
NO_PATTERN = Settings(match_suggest_threshold=0.75, match_strong_threshold=0.95, check_url_pattern=None)

LATER = (
    "The ministry said 40 people were hurt.\n"
    "Officials said the bridge collapsed at noon on Tuesday.\n"
    "Prices fell 5% last year.\n"
    "Farmers said the harvest was the best in a decade."
)
PHRASES = (
    "40 people were hurt",
    "the bridge collapsed at noon on Tuesday",
    "Prices fell 5% last year.",
    "the harvest was the best in a decade",
)


@dataclass
class Desk:
    db: Database
    hurt: int
    """First article: "40 people were hurt", given the verdict false."""
    bridge: int
    """First article: "the bridge collapsed at noon", open."""
    rose: int
    """First article: "Prices rose 5% last year.", open."""
    later_article: int
    later_hurt: int
    later_bridge: int
    fell: int
    harvest: int
    check: int
    """The fact check: "The bridge collapsed at noon on Tuesday", PolitiFact, Pants on Fire."""


def _later_article(db: Database) -> tuple[int, dict[str, int]]:
    def extractor(text: str, *, default_claimant: str | None = None):  # type: ignore[no-untyped-def]
        return [_propose(text, phrase, "The ministry") for phrase in PHRASES]

    with db.session() as session:
        result = store_article(
            session, ParsedArticle(title="Bridge: a week on", body=LATER, outlet="Other Paper"), user="bob",
            extractor=extractor,
        )  # fmt: skip
        session.commit()
        article_id = result.article.id
        assert article_id is not None
        rows = session.exec(select(Claim).where(Claim.article_id == article_id)).all()
        return article_id, {c.text: c.id for c in rows if c.id is not None}


def _fact_check(db: Database, **fields: str) -> int:
    row = row_from_json(fields, collection="test", source="test")
    with db.session() as session:
        store_fact_checks(session, [row], user="alice")
        session.commit()
        found = session.exec(select(FactCheck.id).where(FactCheck.external_id == fields["id"])).one()
    assert found is not None
    return found


def _decide(db: Database, claim_id: int, target: Target, state: MatchState, **kwargs: object) -> None:
    with db.session() as session:
        decide(session, claim_id, target, state, user="carol", settings=SETTINGS, **kwargs)  # type: ignore[arg-type]
        session.commit()


@pytest.fixture
def desk(db: Database) -> Desk:
    hurt, bridge, rose = seed(db)
    with db.session() as session:
        add_evidence(session, hurt, "https://ministry.example/report", user="alice", stance="refutes")
        set_status(session, hurt, ClaimStatus.FALSE, user="alice", note="The ministry's report says 4.")
        session.commit()
    check = _fact_check(
        db, id="pf-1", text="The bridge collapsed at noon on Tuesday", rating="Pants on Fire", publisher="PolitiFact",
        url="https://politifact.example/bridge",
    )  # fmt: skip
    later_article, later = _later_article(db)
    match_articles(db, [later_article], settings=SETTINGS)  # on arrival, as ingest does
    return Desk(
        db, hurt, bridge, rose, later_article, later[PHRASES[0]], later[PHRASES[1]], later[PHRASES[2]],
        later[PHRASES[3]], check,
    )  # fmt: skip


def _confirm(d: Desk) -> None:
    """A checker's decisions: the repeat of the checked claim confirmed (its verdict carried); the
    later bridge claim confirmed the same as the fact check (its rating carried: false), then as
    the earlier, open bridge claim; "fell" is not "rose"."""
    _decide(d.db, d.later_hurt, Target(MatchKind.CLAIM, d.hurt), MatchState.SAME, apply_verdict=True)
    _decide(d.db, d.later_bridge, Target(MatchKind.FACT_CHECK, d.check), MatchState.SAME, apply_verdict=True)
    _decide(d.db, d.later_bridge, Target(MatchKind.CLAIM, d.bridge), MatchState.SAME)
    _decide(d.db, d.fell, Target(MatchKind.CLAIM, d.rose), MatchState.DIFFERENT)


def _expected_counts(db: Database, flt: ClaimFilter | None = None) -> tuple[int, int]:
    """Repeated, matching a fact check: what the queue's marks say of the same claims."""
    with db.session() as session:
        stmt = select(Claim.id)
        if flt is not None and flt.article_id is not None:
            stmt = stmt.where(Claim.article_id == flt.article_id)
        ids = [i for i in session.exec(stmt).all() if i is not None]
        marks = queue_marks(session, ids, settings=SETTINGS)
    return (
        sum(1 for m in marks.values() if m.repeats),
        sum(1 for m in marks.values() if m.fact_check is not None),
    )


def render(db: Database, fmt: str, flt: ReportFilter | None = None, settings: Settings = SETTINGS) -> str:
    buf = io.StringIO(newline="")
    write_report(db, flt, fmt, buf, now=NOW, settings=settings)
    return buf.getvalue()


def test_counts_suggestions_on_arrival_as_the_queue_marks_them(desk: Desk) -> None:
    with desk.db.session() as session:
        counts = report_totals(session, None, now=NOW, settings=SETTINGS).seen
    repeated, fact_checked = _expected_counts(desk.db)
    # the repeat of the checked claim was found on arrival: both claims of the pair are repeated
    assert repeated >= 2 and counts.repeated == repeated
    # the bridge claim found the fact check
    assert fact_checked >= 1 and counts.fact_check_matched == fact_checked
    assert counts.confirmed == 0  # nothing is confirmed until a checker says so


def test_counts_after_decisions_scoped_like_the_other_totals(desk: Desk) -> None:
    _confirm(desk)
    with desk.db.session() as session:
        everything = report_totals(session, None, now=NOW, settings=SETTINGS).seen
        later = report_totals(session, ClaimFilter(article_id=desk.later_article), now=NOW, settings=SETTINGS).seen
        first_article = session.get(Claim, desk.hurt).article_id  # type: ignore[union-attr]
        first = report_totals(session, ClaimFilter(article_id=first_article), now=NOW, settings=SETTINGS).seen
        false_only = report_totals(session, ReportFilter.build(status=["false"]), now=NOW, settings=SETTINGS).seen
    repeated, fact_checked = _expected_counts(desk.db)
    assert (everything.repeated, everything.fact_check_matched) == (repeated, fact_checked)
    # the confirmed pairs count both ways: hurt ↔ later hurt, bridge ↔ later bridge
    assert everything.repeated >= 4
    # confirmed the same as a check: later hurt (as hurt, false), later bridge (as the fact check),
    # bridge (open, as the later bridge, now false). Hurt, whose pair both have a verdict, was
    # checked first: it was not seen before.
    assert everything.confirmed == 3
    assert later.confirmed == 2 and first.confirmed == 1
    assert (later.repeated, later.fact_check_matched) == _expected_counts(
        desk.db, ClaimFilter(article_id=desk.later_article)
    )
    assert later.fact_check_matched >= 1 and first.fact_check_matched == 0
    # a status filter scopes them too: the false claims are hurt, later hurt, later bridge
    assert false_only.confirmed == 2


def test_a_match_decided_different_never_counts(desk: Desk) -> None:
    _decide(desk.db, desk.fell, Target(MatchKind.CLAIM, desk.rose), MatchState.SAME)
    with desk.db.session() as session:
        before = report_totals(session, ClaimFilter(article_id=desk.later_article), now=NOW, settings=SETTINGS).seen
    _decide(desk.db, desk.fell, Target(MatchKind.CLAIM, desk.rose), MatchState.DIFFERENT)
    with desk.db.session() as session:
        after = report_totals(session, ClaimFilter(article_id=desk.later_article), now=NOW, settings=SETTINGS).seen
    assert after.repeated == before.repeated - 1
    # and a raised threshold hides the weaker suggestions (nothing scores above 1)
    strict = Settings(match_suggest_threshold=1.0, match_strong_threshold=1.0)
    with desk.db.session() as session:
        hidden = report_totals(session, None, now=NOW, settings=strict).seen
    assert (hidden.repeated, hidden.fact_check_matched, hidden.confirmed) == (0, 0, 0)


def test_the_section_lists_each_confirmed_claim_with_the_verdict_and_its_link(desk: Desk) -> None:
    _confirm(desk)
    with desk.db.session() as session:
        items = list(seen_before(session, ReportFilter(), settings=SETTINGS))
    rows = [(i.claim_id, i.kind, i.target_id, i.verdict, i.publisher, i.url) for i in items]
    assert rows == [
        (desk.bridge, "claim", desk.later_bridge, "false", None, f"https://facts.example/checks/{desk.later_bridge}"),
        (desk.later_hurt, "claim", desk.hurt, "false", None, f"https://facts.example/checks/{desk.hurt}"),
        (
            desk.later_bridge,
            "factcheck",
            desk.check,
            "Pants on Fire",
            "PolitiFact",
            "https://politifact.example/bridge",
        ),
    ]
    assert all(i.decided_by == "carol" and i.decided_at is not None for i in items)
    assert items[1].target_text == "40 people were hurt" and items[1].article_title == "Bridge: a week on"
    # without check_url_pattern a checked claim is named by its id, no link
    with desk.db.session() as session:
        plain = list(seen_before(session, ReportFilter(), settings=NO_PATTERN))
    assert [i.url for i in plain if i.kind == "claim"] == [None, None]


def test_every_format_reports_the_counts_and_the_section(desk: Desk) -> None:
    _confirm(desk)
    with desk.db.session() as session:
        counts = report_totals(session, None, now=NOW, settings=SETTINGS).seen

    md = render(desk.db, "md")
    section = md.split("## Seen before\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.startswith(
        f"{counts.repeated} claims repeat another claim · {counts.fact_check_matched} "
        f"{'matches' if counts.fact_check_matched == 1 else 'match'} a fact check · 3 confirmed the same as"
    )
    assert (
        f"| {desk.later_hurt} | false | 40 people were hurt | Bridge: a week on | claim #{desk.hurt}: 40 people were hurt "
        f"| **false** | [claim #{desk.hurt}](https://facts.example/checks/{desk.hurt}) |"
    ) in section
    assert (
        f"| fact check #{desk.check}: The bridge collapsed at noon on Tuesday | Pants on Fire (PolitiFact) "
        "| [PolitiFact](https://politifact.example/bridge) |"
    ) in section
    assert f"| {desk.hurt} |" not in section  # checked first: not seen before

    data = json.loads(render(desk.db, "json"))
    seen = data["seen_before"]
    assert (seen["repeated"], seen["fact_check_matched"], seen["confirmed"]) == (
        counts.repeated, counts.fact_check_matched, 3,
    )  # fmt: skip
    assert [(c["id"], c["same_as"]["kind"], c["same_as"]["id"]) for c in seen["claims"]] == [
        (desk.bridge, "claim", desk.later_bridge),
        (desk.later_hurt, "claim", desk.hurt),
        (desk.later_bridge, "factcheck", desk.check),
    ]
    fact_check = seen["claims"][2]["same_as"]
    assert fact_check == {
        "kind": "factcheck", "id": desk.check, "text": "The bridge collapsed at noon on Tuesday",
        "verdict": "Pants on Fire", "publisher": "PolitiFact", "url": "https://politifact.example/bridge",
        "decided_by": "carol", "decided_at": fact_check["decided_at"],
    }  # fmt: skip
    assert seen["claims"][1]["same_as"]["url"] == f"https://facts.example/checks/{desk.hurt}"
    assert list(data).index("seen_before") == list(data).index("recently_verified") + 1

    html = render(desk.db, "html")
    part = html.split('<section id="seen-before">', 1)[1].split("</section>", 1)[0]
    assert f'<a href="https://facts.example/checks/{desk.hurt}">claim #{desk.hurt}</a>' in part
    assert '<a href="https://politifact.example/bridge">PolitiFact</a>' in part
    assert "Pants on Fire" in part and part.count("<tr id=") == 3

    rows = {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(render(desk.db, "csv"), newline=""))}
    assert rows[desk.later_hurt]["same_as"] == f"claim #{desk.hurt} | false | https://facts.example/checks/{desk.hurt}"
    assert rows[desk.later_bridge]["same_as"] == (
        f"fact check #{desk.check} | Pants on Fire | PolitiFact | https://politifact.example/bridge"
    )  # the earlier bridge claim is open: no verdict to report
    assert (
        rows[desk.bridge]["same_as"]
        == f"claim #{desk.later_bridge} | false | https://facts.example/checks/{desk.later_bridge}"
    )
    assert rows[desk.hurt]["same_as"] == ""  # checked first
    assert int(rows[desk.later_bridge]["fact_check_matches"]) >= 1 and int(rows[desk.hurt]["repeats"]) >= 1
    assert sum(1 for r in rows.values() if int(r["repeats"])) == counts.repeated


def test_the_window_narrows_the_section_not_the_counts(desk: Desk) -> None:
    _confirm(desk)
    window = ReportFilter(since=datetime(2000, 1, 1, tzinfo=UTC), until=datetime(2000, 1, 2, tzinfo=UTC))
    data = json.loads(render(desk.db, "json", window))
    assert data["seen_before"]["claims"] == [] and data["seen_before"]["confirmed"] == 3


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_no_matches_says_so(db: Database) -> None:
    seed(db)
    md = render(db, "md")
    assert "## Seen before\n\n0 claims repeat another claim · 0 match a fact check · 0 confirmed" in md
    assert "No claim confirmed the same as a checked claim or a fact check." in md
    parser = _Collect()
    parser.feed(render(db, "html"))
    assert "table" in parser.tags


def test_the_desk_report_screen_gets_the_counts(desk: Desk) -> None:
    """The TUI's report screen reads ``Desk.report_totals``: the counts are there too."""
    from claimtrack.services.desk import Desk as DeskFacade

    _confirm(desk)
    with desk.db.session() as session:
        expected = report_totals(session, None, now=NOW, settings=SETTINGS).seen
    totals = DeskFacade(desk.db, "alice").report_totals(now=NOW)
    assert totals.seen == expected and totals.seen.confirmed == 3
    assert totals.seen.parts()[2] == "3 confirmed the same as a checked claim or a fact check"
