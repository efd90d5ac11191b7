"""The report tests' data: the example article, a fixed clock, and a few verdicts with evidence.

The claims are placed by a fixed extractor (phrases of the example article), so the golden files
change when the report changes, not when the extractor is tuned. Their scores differ, so the
open claims are listed by score, not by id; one proposal is below the queue threshold (set
aside); one piece of evidence is captured (a copy of its page kept), the others only linked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from claimtrack.extract.types import ProposedClaim
from claimtrack.services import workflow
from claimtrack.services.articles import parse_article, read_text_file
from claimtrack.services.evidence import capture_evidence
from claimtrack.services.ingest import store_article
from claimtrack.store import Database, open_database
from claimtrack.store.models import Evidence, EvidenceSnapshot, stored_id
from tests.conftest import EXAMPLE
from tests.web.conftest import mock_fetcher

T0 = datetime(2022, 3, 6, 8, 0, tzinfo=UTC)
"""When the example article is ingested."""
GENERATED = T0 + timedelta(days=3)
"""The report's ``generated_at``."""
USER = "alice"
ARTICLE_URL = "https://news.example/scmp/blinken-wang-yi"

#: (phrase of the example article, claimant, cue, extra fields)
PHRASES: list[tuple[str, str, str | None, dict[str, object]]] = [
    (
        "the world is watching to see which nations stand up for the basic principles of freedom, self-determination and sovereignty",
        "Ned Price, the State Department spokesman",
        "said",
        {},
    ),
    ("Xi and Putin met on the eve of the Winter Olympics opening ceremony in Beijing one month ago", "SCMP", None, {}),
    (
        "China welcomes negotiations between Russia and Ukraine to resolve the crisis",
        "a readout of the call published by the China Global Television Network",
        "said",
        {},
    ),
    (
        "US basketball star Brittney Griner of the Phoenix Mercury was detained last month, allegedly for possession of hashish oil",
        "A Russian news agency",
        "reported",
        {"cues": ("allegedly",)},
    ),
    (
        "the Western sanctions imposed on his country after the invasion as “akin to a declaration of war”",
        "Russian President Vladimir V. Putin",
        "described",
        {"score": 0.9},
    ),
    (
        "one of its citizens was injured by gunfire while trying to flee the country",
        "The Chinese foreign ministry",
        "said",
        {},
    ),
    (
        "four Chinese nationals were killed in an attack",
        "An unverified Ukrainian news report",
        "said",
        {
            "cues": ("unverified", "denied"),
            "disputed_by": ("the Chinese state media outlet Global Times",),
            "dispute": "the Chinese state media outlet Global Times, a nationalist tabloid, denied that it was true, citing Beijing’s embassy in Kyiv",
        },
    ),
    # Last in the list (so the ids above keep their order), earlier in the text; below the threshold.
    ("Our army will solve all tasks", "Putin", "added", {"score": 0.3}),
]


def example_extractor(body: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
    proposals = []
    for phrase, claimant, cue, fields in PHRASES:
        extra = dict(fields)
        score = float(extra.pop("score", 0.75))  # type: ignore[arg-type]
        start = body.index(phrase)
        sent_start = body.rfind("\n", 0, start) + 1
        sent_end = body.find("\n", start)
        sent_end = len(body) if sent_end == -1 else sent_end
        proposals.append(
            ProposedClaim(
                text=phrase,
                start=start,
                end=start + len(phrase),
                sentence=body[sent_start:sent_end],
                sentence_start=sent_start,
                sentence_end=sent_end,
                claimant=claimant,
                cue=cue,
                score=score,
                check_worthy=score >= 0.5,
                **extra,  # type: ignore[arg-type]
            )
        )
    return proposals


@dataclass
class Clock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def at(self, hours: float) -> None:
        self.now = T0 + timedelta(hours=hours)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Every timestamp the services write comes from this clock."""
    fixed = Clock()
    monkeypatch.setattr("claimtrack.services.workflow.utcnow", fixed)
    monkeypatch.setattr("claimtrack.services.ingest.utcnow", fixed)
    return fixed


EMBASSY_URL = "https://www.globaltimes.cn/page/202203/embassy.html"
EMBASSY_PAGE = b"<html><head><title>Embassy in Kyiv</title></head><body><p>No citizens were killed.</p></body></html>"


def _embassy_page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=EMBASSY_PAGE, headers={"Content-Type": "text/html; charset=utf-8"})


def claim_id(phrase_start: str) -> int:
    """The id the example data gives the claim starting with ``phrase_start`` (text order)."""
    for i, (phrase, *_rest) in enumerate(PHRASES, start=1):
        if phrase.startswith(phrase_start):
            return i
    raise KeyError(phrase_start)


def build_example(db: Database, clock: Clock) -> None:
    """The example article, ingested at T0 by alice, and three days of the desk's work."""
    parsed = parse_article(read_text_file(EXAMPLE), EXAMPLE.name)
    parsed.url = ARTICLE_URL
    parsed.published = date(2022, 3, 5)
    clock.at(0)
    with db.session() as s:
        store_article(
            s, parsed, user=USER, source="fixtures/articles/scmp-blinken-wang-yi.txt", extractor=example_extractor
        )

    watching, xi, welcomes, griner, sanctions, injured, killed, _army = range(1, 9)

    def step(hours: float, fn, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        clock.at(hours)
        with db.session() as s:
            fn(s, *args, **kwargs)

    # Monday morning: triage.
    step(1, workflow.assign, injured, "carol", user="bob")
    step(1.5, workflow.set_status, injured, "in_review", user="carol")
    step(
        2,
        workflow.add_evidence,
        injured,
        "https://www.fmprc.gov.cn/eng/xwfw_665399/",
        user="carol",
        stance="supports",
        title="Foreign ministry briefing, 4 March",
        note="Confirms one citizen hurt by gunfire.",
    )
    step(
        3,
        workflow.add_evidence,
        killed,
        EMBASSY_URL,
        user="carol",
        stance="refutes",
        title="Global Times: embassy in Kyiv denies deaths",
    )
    # ... and its page fetched half an hour later: a copy kept (``evidence fetch``).
    clock.at(3.5)
    with db.session() as s:
        [embassy] = s.exec(select(Evidence).where(Evidence.url == EMBASSY_URL)).all()
        embassy_id = stored_id(embassy)
    capture_evidence(db, embassy_id, user="carol", fetcher=mock_fetcher(_embassy_page))
    with db.engine.begin() as conn:  # the fetch's own clock is the real one: put it on the desk's
        conn.execute(sa.update(Evidence).where(col(Evidence.id) == embassy_id).values(fetched_at=clock()))
        conn.execute(
            sa.update(EvidenceSnapshot)
            .where(col(EvidenceSnapshot.evidence_id) == embassy_id)
            .values(fetched_at=clock())
        )
    step(4, workflow.set_status, xi, "dismissed", user=USER, note="Background, not a claim to check.")
    step(5, workflow.set_status, injured, "verified", user="carol", note="The ministry's briefing confirms it.")
    step(6, workflow.assign, watching, USER, user=USER)
    step(6.5, workflow.add_note, watching, "A quote of a quote: `Price` | paraphrasing Blinken.", user=USER)
    step(7, workflow.assign, sanctions, "dave", user="bob")
    # Tuesday: verdicts.
    step(
        26, workflow.set_status, killed, "false", user="carol", note="The embassy says no Chinese citizens were killed."
    )
    step(
        28,
        workflow.add_evidence,
        welcomes,
        "https://www.fmprc.gov.cn/eng/readout-wang-blinken",
        user="bob",
        stance="context",
        title="Chinese readout of the Wang–Blinken call",
    )
    step(
        30, workflow.set_status, welcomes, "disputed", user="bob", note="The US readout does not mention negotiations."
    )
    # Wednesday.
    step(
        50,
        workflow.add_evidence,
        griner,
        "https://customs.example/statement?id=1&lang=en",
        user="dave",
        stance="context",
        title="Customs statement (February)",
    )
    step(52, workflow.set_status, griner, "misleading", user="dave", note="Detained in February, reported only now.")
    step(60, workflow.set_status, sanctions, "in_review", user="dave")


@pytest.fixture
def example_db(db_url: str, clock: Clock) -> Iterator[Database]:
    db = open_database(db_url)
    build_example(db, clock)
    yield db
    db.close()
