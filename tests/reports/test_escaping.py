"""Text from articles stays text in every format: no markup, no formulas, no broken tables or JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from claimtrack.domain import ClaimStatus, ParsedArticle
from claimtrack.services import workflow
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
from claimtrack.store import Database, open_database
from tests.builders import _propose

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

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
    yield db
    db.close()


def render(db: Database, fmt: str) -> str:
    buf = io.StringIO(newline="")
    write_report(db, None, fmt, buf, now=NOW)
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
