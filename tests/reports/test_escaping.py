"""Text from articles stays text in every format: no markup, no formulas, no broken tables or JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from claimtrack.config import Settings
from claimtrack.domain import ClaimStatus, MatchKind, MatchState, ParsedArticle
from claimtrack.services import workflow
from claimtrack.services.factcheck_store import row_from_json, store_fact_checks
from claimtrack.services.ingest import store_article
from claimtrack.services.reports import Backlog, Headline, RecentlyVerified, write_report
from claimtrack.services.reports.data import (
    ArticleGroup,
    ArticleItem,
    ClaimItem,
    NoteItem,
    ReportFilter,
    ReportTotals,
    TimeToVerdict,
)
from claimtrack.services.reports.jsonfmt import write_json
from claimtrack.services.reports.safe import csv_cell, markdown_link
from claimtrack.services.similar import Target, decide
from claimtrack.store import Database, open_database
from claimtrack.store.models import FactCheck
from tests.builders import _propose

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SETTINGS = Settings(check_url_pattern="https://facts.example/checks/{id}")

#: Fact checks are data from elsewhere too: (text, rating, publisher, url).
EVIL_CHECKS = [
    ('<script>alert("fc")</script> | `fc`', "=1+1 <b>Pants</b>", "Mallory | <i>Pub</i>", "https://fc.example/?<b>"),
    ("\x1b[31mred fc\x1b[0m [a](b)", "@SUM(A1) | x", "-Pub", 'https://fc.example/a_(b)|c?q=`x`"onmouseover="x'),
]

EVIL = [
    ('<script>alert("x")</script> the minister lied', "Mallory <b>bold</b>"),
    ('x" onload="alert(1)" y', '"onload=alert(1)'),
    ('=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0"),
    ("+41 people died", "@SUM(A1:A9)"),
    ("-5 percent | a pipe | and `code` with **stars** and [a](link)", "\tTabbed"),
    ("\rcarriage return first and \x1b[31mred\x1b[0m", "Ann | Co"),
]


@pytest.fixture
def evil_db(db_url: str) -> Database:
    body = "\n".join(f"{claimant} said {text}." for text, claimant in EVIL)
    title = "<img src=x onerror=alert(1)> | Title with `ticks`"

    def extractor(text: str, *, default_claimant: str | None = None):  # type: ignore[no-untyped-def]
        return [_propose(text, t, c) for t, c in EVIL]

    db = open_database(db_url)
    parsed = ParsedArticle(
        title=title, body=body, outlet="=Outlet", authors=["<i>Ann</i>"], url='https://news.example/a?x=1&y="2"'
    )
    with db.session() as s:
        store_article(s, parsed, user="alice", source="test", extractor=extractor)
    with db.session() as s:
        workflow.add_evidence(
            s,
            1,
            "https://evidence.example/a_(b)|c?q=`x`",
            user="alice",
            stance="refutes",
            title="</td><script>bad()</script>",
        )
        workflow.set_status(s, 1, "false", user="alice", note="<script>note()</script> | =1+1")
        # ... and one verified, for the "recently verified" section (the open ones are listed by score).
        workflow.add_evidence(s, 2, "https://evidence.example/v", user="alice", stance="supports", title="<b>t</b> | x")
        workflow.set_status(s, 2, "verified", user="alice", note="`ok` | <i>fine</i>")
    # Seen before: claims 3 and 4 confirmed the same as the fact checks, 5 as the false claim 1.
    rows = [
        row_from_json(
            {"id": f"evil-{i}", "text": text, "rating": rating, "publisher": publisher, "url": url},
            collection="test",
            source="test",
        )
        for i, (text, rating, publisher, url) in enumerate(EVIL_CHECKS)
    ]
    with db.session() as s:
        store_fact_checks(s, rows, user="alice")
        s.commit()
        checks = [s.exec(select(FactCheck.id).where(FactCheck.external_id == f"evil-{i}")).one() for i in range(2)]
        # The import takes http(s) urls only; a report trusts no stored url all the same.
        s.connection().execute(
            sa.update(FactCheck).where(col(FactCheck.id) == checks[0]).values(url="javascript:alert(1)")
        )
        s.commit()
    with db.session() as s:
        for claim_id, check in zip((3, 4), checks, strict=True):
            assert check is not None
            decide(s, claim_id, Target(MatchKind.FACT_CHECK, check), MatchState.SAME, user="alice", settings=SETTINGS)
        decide(s, 5, Target(MatchKind.CLAIM, 1), MatchState.SAME, user="alice", settings=SETTINGS)
        s.commit()
    yield db
    db.close()


def render(db: Database, fmt: str) -> str:
    buf = io.StringIO(newline="")
    write_report(db, None, fmt, buf, now=NOW, settings=SETTINGS)
    return buf.getvalue()


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_markup_as_text(evil_db: Database) -> None:
    html = render(evil_db, "html")
    parser = Collect()
    parser.feed(html)
    assert (
        "script" not in parser.tags and "img" not in parser.tags and "b" not in parser.tags and "i" not in parser.tags
    )
    assert not [name for name, _ in parser.attrs if name.startswith("on")]
    text = "".join(parser.text)
    assert '<script>alert("x")</script> the minister lied' in text
    assert 'x" onload="alert(1)" y' in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "\x1b" not in html and "\\x1b[31mred" in text
    # Only http(s) links, and the quote in the article url cannot end the attribute.
    hrefs = [value for name, value in parser.attrs if name == "href"]
    assert all(h.startswith(("https://", "http://", "#")) for h in hrefs if h)
    assert 'https://news.example/a?x=1&y="2"' in hrefs


def test_markdown_keeps_tables_whole(evil_db: Database) -> None:
    md = render(evil_db, "md")
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;alert" in md
    assert "\\| a pipe \\|" in md and "\\`code\\`" in md and "\\*\\*stars\\*\\*" in md
    assert "\x1b" not in md and "\r" not in md
    # Every table row has exactly as many unescaped pipes as its header.
    for block in md.split("\n\n"):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        if not lines:
            continue
        cells = {line.replace("\\|", "").count("|") for line in lines}
        assert len(cells) == 1, block
    # The evidence link's url cannot close the link or split the cell.
    assert "(https://evidence.example/a_%28b%29%7Cc?q=%60x%60)" in md


def test_csv_cells_cannot_be_formulas(evil_db: Database) -> None:
    text = render(evil_db, "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(EVIL)
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
    by_id = {int(r["claim_id"]): r for r in rows}
    assert by_id[3]["claim"] == '\'=HYPERLINK("http://evil.example","click")'
    assert by_id[3]["claimant"] == "'=cmd|' /C calc'!A0"
    assert by_id[4]["claim"] == "'+41 people died" and by_id[4]["claimant"] == "'@SUM(A1:A9)"
    assert by_id[5]["claim"].startswith("'-5 percent") and by_id[5]["claimant"] == "'\tTabbed"
    assert by_id[6]["claim"].startswith("'\\x0dcarriage")
    assert by_id[1]["outlet"] == "'=Outlet" and by_id[1]["verdict_note"] == "<script>note()</script> | =1+1"


def test_seen_before_fields_stay_text(evil_db: Database) -> None:
    """A fact check's text, rating, publisher and url are data from elsewhere: text in every format."""
    html = render(evil_db, "html")
    section = html.split('<section id="seen-before">', 1)[1].split("</section>", 1)[0]
    parser = Collect()
    parser.feed(section)
    assert {"script", "b", "i"}.isdisjoint(parser.tags) and parser.tags.count("tr") == 4
    text = "".join(parser.text)
    assert '<script>alert("fc")</script> | `fc`' in text and "=1+1 <b>Pants</b>" in text
    assert "Mallory | <i>Pub</i> (javascript:alert(1))" in text  # not a link
    assert "\\x1b[31mred fc" in text and "\x1b" not in section
    hrefs = [value for name, value in parser.attrs if name == "href"]
    assert 'https://fc.example/a_(b)|c?q=`x`"onmouseover="x' in hrefs  # the quote stays inside the attribute
    assert "https://facts.example/checks/1" in hrefs and not [h for h in hrefs if h and "javascript" in h]
    assert not [name for name, _ in parser.attrs if name.startswith("on")]

    md = render(evil_db, "md")
    section = md.split("## Seen before\n\n", 1)[1].split("\n## ", 1)[0]
    assert "<script>" not in section and "<b>" not in section and "<i>" not in section
    assert 'fact check #1: &lt;script&gt;alert("fc")&lt;/script&gt; \\| \\`fc\\`' in section
    assert "](javascript" not in section and "Mallory \\| &lt;i&gt;Pub&lt;/i&gt; (javascript:alert(1))" in section
    assert "(https://fc.example/a_%28b%29%7Cc?q=%60x%60%22onmouseover=%22x)" in section
    assert "[claim #1](https://facts.example/checks/1)" in section

    rows = {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(render(evil_db, "csv"), newline=""))}
    assert rows[3]["same_as"] == "fact check #1 | =1+1 <b>Pants</b> | Mallory | <i>Pub</i> | javascript:alert(1)"
    assert rows[4]["same_as"].startswith("fact check #2 | @SUM(A1) | x | -Pub | https://fc.example/")
    assert rows[5]["same_as"] == "claim #1 | false | https://facts.example/checks/1"

    data = json.loads(render(evil_db, "json"))
    same_as = {c["id"]: c["same_as"] for c in data["seen_before"]["claims"]}
    assert same_as[3]["text"] == EVIL_CHECKS[0][0] and same_as[3]["url"] == "javascript:alert(1)"
    assert same_as[4]["text"] == EVIL_CHECKS[1][0] and same_as[4]["verdict"] == EVIL_CHECKS[1][1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\\x0dx"),
        ("a=1", "a=1"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_cell(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


def test_json_is_valid_for_any_text(evil_db: Database) -> None:
    data = json.loads(render(evil_db, "json"))
    texts = [c["text"] for c in data["articles"][0]["claims"]]
    assert texts == [t for t, _ in EVIL]  # JSON keeps the text exactly, control characters escaped


def test_json_survives_lone_surrogates_and_controls() -> None:
    article = ArticleItem(
        id=1, title="bad \ud800 title", outlet=None, authors=[], url=None, published=None, ingested_at=NOW
    )
    claim = ClaimItem(
        id=1,
        article_id=1,
        text="lone \udfff and \x00\x07\x1b\u2028 controls",
        claimant='"quoted"\\',
        cue=None,
        cues=[],
        disputed_by=[],
        score=0.5,
        status=ClaimStatus.FALSE.value,
        assignee=None,
        origin="manual",
        created_at=NOW,
        updated_at=NOW,
        verdict=NoteItem(note="\ud83d half an emoji", by="a", at=NOW, kind="status", status="false"),
        article=article,
    )
    totals = ReportTotals(
        generated_at=NOW,
        filter=ReportFilter(),
        by_status={s: 0 for s in ClaimStatus},
        articles=1,
        changes=None,
        time_to_verdict=TimeToVerdict(),
        open_work=[],
        headline=Headline(checked=0, open=0, set_aside=0, dismissed=0, verdicts=0, since=NOW, until=None),
        backlog=Backlog(since=NOW, until=NOW, days=()),
    )
    buf = io.StringIO()
    verified = RecentlyVerified(claims=[claim], total=1)
    write_json(totals, iter([claim]), verified, iter([ArticleGroup(article=article, claims=iter([claim]))]), buf)
    text = buf.getvalue()
    text.encode("utf-8")  # no lone surrogates left: encodes as UTF-8
    data = json.loads(text)
    assert data["attention"][0]["text"] == "lone \ufffd and \x00\x07\x1b\u2028 controls"
    assert data["articles"][0]["title"] == "bad \ufffd title"
    assert data["attention"][0]["verdict"]["note"] == "\ufffd half an emoji"
    assert data["recently_verified"]["claims"][0]["claimant"] == '"quoted"\\'


def test_markdown_link_refuses_other_schemes() -> None:
    assert markdown_link("x", "javascript:alert(1)") == "x (javascript:alert(1))"
    assert markdown_link("t|x", "https://a.example/p|q") == "[t\\|x](https://a.example/p%7Cq)"


def test_the_markdown_fast_path_escapes_like_markdown_escape() -> None:
    import random

    from claimtrack.services.reports.safe import md_text
    from claimtrack.textsafe import markdown_escape

    alphabet = "ab 1.)#>+-*_`|[]~&<>\\\t\n\r\x1b\u202e\x85é9"
    rng = random.Random(6)
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert md_text(text) == markdown_escape(text), repr(text)
