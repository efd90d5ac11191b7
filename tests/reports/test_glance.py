"""What an editor reads first: the headline, the open claims by priority, the recently verified
claims and the backlog day by day, on SQLite and PostgreSQL.

The backlog is checked against an oracle that replays every claim's history in Python.
"""

from __future__ import annotations

import io
import json
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from claimtrack.domain import VERDICTS, ClaimStatus, ParsedArticle
from claimtrack.extract.types import ProposedClaim
from claimtrack.services import workflow
from claimtrack.services.ingest import store_article
from claimtrack.services.queries import ClaimFilter, list_claims
from claimtrack.services.reports import Headline, ReportFilter, report_totals, write_report
from claimtrack.services.reports.backlog import DAYS
from claimtrack.services.reports.sections import RECENTLY_VERIFIED, recently_verified
from claimtrack.services.reports.totals import OPEN_LISTED
from claimtrack.store import Database
from claimtrack.store.models import Claim, HistoryEntry
from tests.reports.conftest import T0, Clock

OPEN = (ClaimStatus.NEW.value, ClaimStatus.IN_REVIEW.value)


def ingest(db: Database, clock: Clock, hours: float, scores: list[float], *, title: str = "A") -> list[int]:
    """One article with a claim a score, ingested ``hours`` after T0; their ids in order."""
    clock.at(hours)
    lines = [f"Claim {title} number {i} is a fact." for i in range(len(scores))]
    body = "\n".join(lines)

    def extractor(text: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
        out = []
        for line, score in zip(lines, scores, strict=True):
            start = text.index(line)
            out.append(
                ProposedClaim(
                    text=line,
                    start=start,
                    end=start + len(line),
                    sentence=line,
                    sentence_start=start,
                    sentence_end=start + len(line),
                    claimant="Someone",
                    cue="said",
                    score=score,
                    check_worthy=score >= 0.5,
                )
            )
        return out

    with db.session() as s:
        result = store_article(s, ParsedArticle(title=title, body=body), user="alice", source="t", extractor=extractor)
        article_id = result.article.id
    with db.session() as s:
        return [c.id for c, _ in list_claims(s, ClaimFilter(article_id=article_id))]  # type: ignore[misc]


def move(db: Database, clock: Clock, hours: float, claim: int, status: str) -> None:
    """Set a status as the desk would (evidence before a verdict, a note always)."""
    clock.at(hours)
    with db.session() as s:
        if ClaimStatus(status) in VERDICTS:
            workflow.add_evidence(s, claim, f"https://source.example/{claim}/{hours}", user="bob", stance="context")
        workflow.set_status(s, claim, status, user="bob", note=f"to {status}")


# --- the backlog against an oracle ------------------------------------------------------------


def oracle(
    db: Database, flt: ReportFilter, days: list[date], since: datetime, until: datetime
) -> list[tuple[int, int]]:
    """(open check-worthy at each day's end, verdicts that day), replaying the history in Python."""
    with db.session() as s:
        claims = {c.id: c for c, _ in list_claims(s, flt.claims)}
        entries = [
            e
            for e in s.exec(select(HistoryEntry).order_by(col(HistoryEntry.at), col(HistoryEntry.id))).all()
            if e.claim_id in claims and e.kind in ("created", "status")
        ]
    threshold = flt.claims.threshold

    def open_at(moment: datetime) -> int:
        status: dict[int, str] = {}
        for e in entries:
            if e.at < moment and e.to_value is not None:
                status[e.claim_id] = e.to_value
        count = 0
        for claim_id, value in status.items():
            claim: Claim = claims[claim_id]
            low = claim.origin == "extractor" and claim.score < threshold
            count += value == "in_review" or (value == "new" and not low)
        return count

    out = []
    for day in days:
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        end = min(start + timedelta(days=1), until)
        verdicts = sum(
            1 for e in entries if e.kind == "status" and e.to_value in VERDICTS and max(start, since) <= e.at < end
        )
        out.append((open_at(end), verdicts))
    return out


@pytest.fixture
def busy(db: Database, clock: Clock) -> tuple[Database, datetime]:
    """45 days of a desk: claims ingested on three days, hundreds of moves, reopened verdicts,
    dismissals, low-score proposals taken up; some moves just before and after midnight UTC."""
    rng = random.Random(14)
    ids = ingest(db, clock, 0, [round(rng.random(), 2) for _ in range(14)], title="A")
    ids += ingest(db, clock, 24 * 12 + 23.99, [round(rng.random(), 2) for _ in range(10)], title="B")
    ids += ingest(db, clock, 24 * 30 + 0.01, [0.2, 0.3, 0.9, 0.95], title="C")
    status = {i: "new" for i in ids}
    # T0 is 08:00 UTC: 15.99 h later is 23:59:24, 16.01 h is 00:00:36 the next day.
    moments = sorted(24 * d + o for d in range(31, 100) for o in (2, 15.99, 16.0, 16.01, 20))
    index = 0
    for _ in range(120):
        index += rng.choice([1, 1, 2, 3])
        hours = moments[index]
        claim = rng.choice(ids)
        options = {
            "new": ["in_review", "dismissed"],
            "in_review": ["verified", "false", "misleading", "disputed", "unverifiable", "new"],
            "dismissed": ["new", "in_review"],
        }.get(status[claim], ["in_review", "verified", "false"])
        target = rng.choice([o for o in options if o != status[claim]])
        move(db, clock, hours, claim, target)
        status[claim] = target
    now = T0 + timedelta(hours=hours + 30)
    return db, now


@pytest.mark.parametrize(
    "window",
    [
        {},
        {"since": "2022-04-20T13:30"},
        {"since": "2022-04-20", "until": "2022-04-26"},
        {"until": "2022-04-26"},
        {"status": ["new", "in_review", "false"]},
        {"since": "2022-03-01"},  # before the first claim: from its day
    ],
)
def test_the_backlog_agrees_with_the_history_replayed(busy: tuple[Database, datetime], window: dict) -> None:  # type: ignore[type-arg]
    db, now = busy
    flt = ReportFilter.build(**window, now=now)
    with db.session() as s:
        totals = report_totals(s, flt, now=now)
    backlog = totals.backlog
    days = [d.day for d in backlog.days]
    assert days, "the period has days"
    assert days == [days[0] + timedelta(days=i) for i in range(len(days))]  # every day, in order
    if not flt.since:
        assert len(days) <= DAYS and days[-1] == min(flt.until or now, now).date() - (
            timedelta(days=1) if flt.until and flt.until < now else timedelta(0)
        )
    expected = oracle(db, flt, days, backlog.since, backlog.until)
    assert [(d.open, d.verdicts) for d in backlog.days] == expected
    assert sum(d.verdicts for d in backlog.days) > 0
    # The last point is the headline's open count when the period ends now; the period's
    # verdicts are the headline's, and the window's "verdicts given".
    if backlog.until == now:
        assert backlog.days[-1].open == totals.headline.open_check_worthy
    assert totals.headline.verdicts == backlog.verdicts
    if flt.since is not None:
        assert totals.changes is not None and totals.changes.verdicts_given == backlog.verdicts


def test_without_a_window_the_backlog_is_the_last_30_days(busy: tuple[Database, datetime]) -> None:
    db, now = busy
    with db.session() as s:
        totals = report_totals(s, None, now=now)
    days = totals.backlog.days
    assert len(days) == DAYS and days[-1].day == now.date() and days[0].day == now.date() - timedelta(days=DAYS - 1)
    assert totals.headline.since == datetime.combine(days[0].day, datetime.min.time(), tzinfo=UTC)


def test_a_young_desk_starts_at_its_first_claim(db: Database, clock: Clock) -> None:
    ids = ingest(db, clock, 0, [0.9, 0.8])
    move(db, clock, 30, ids[0], "false")
    now = T0 + timedelta(hours=50)
    with db.session() as s:
        totals = report_totals(s, None, now=now)
    assert [(d.day.isoformat(), d.open, d.verdicts) for d in totals.backlog.days] == [
        ("2022-03-06", 2, 0),
        ("2022-03-07", 1, 1),
        ("2022-03-08", 1, 0),
    ]


# --- the headline ------------------------------------------------------------------------------


def test_the_headline_counts_checked_claims_out_of_the_work(db: Database, clock: Clock) -> None:
    # 0.2 and 0.3: proposals set aside (untouched, below the 0.5 threshold) until someone takes one up.
    ids = ingest(db, clock, 0, [0.9, 0.8, 0.7, 0.6, 0.55, 0.2, 0.3])
    move(db, clock, 1, ids[0], "verified")
    move(db, clock, 2, ids[1], "unverifiable")  # checked: a checker concluded, though it is no verdict
    move(db, clock, 3, ids[2], "dismissed")  # not checked, and not work either
    move(db, clock, 4, ids[6], "in_review")  # a low-score proposal taken up: open work
    now = T0 + timedelta(hours=10)
    with db.session() as s:
        headline = report_totals(s, None, now=now).headline
    assert (headline.checked, headline.open, headline.set_aside, headline.dismissed) == (2, 4, 1, 1)
    assert (headline.open_check_worthy, headline.of, headline.verdicts) == (3, 5, 1)
    assert headline.parts() == [
        "2 of 5 claims checked (40%)",
        "3 open check-worthy claims (1 more set aside below the queue threshold)",
        "1 verdict since 2022-03-06",
        "1 dismissed, not counted",
    ]
    md = render(db, "md", now=now)
    assert "**2 of 5 claims checked (40%)** · 3 open check-worthy claims (1 more set aside" in md
    # The threshold is the filter's (the queue_threshold setting): at 0.1 nothing is set aside.
    with db.session() as s:
        low = report_totals(s, ReportFilter.build(threshold=0.1), now=now).headline
    assert (low.set_aside, low.of) == (0, 6)


def test_the_percentage_never_overstates() -> None:
    def headline(checked: int, open_: int) -> Headline:
        return Headline(checked=checked, open=open_, set_aside=0, dismissed=0, verdicts=0, since=T0, until=None)

    assert headline(199, 1).percent == "99%" and headline(1, 199).percent == "1%"
    assert headline(200, 0).percent == "100%" and headline(0, 3).percent == "0%"
    assert headline(0, 0).percent == "—" and headline(0, 0).checked_words() == "no claims to check"
    assert headline(1, 0).checked_words() == "1 of 1 claim checked (100%)"
    assert headline(1, 1).open_words() == "1 open check-worthy claim"


def test_one_of_everything_is_singular(db: Database, clock: Clock) -> None:
    ids = ingest(db, clock, 0, [0.9, 0.8])
    move(db, clock, 1, ids[0], "verified")
    now = T0 + timedelta(hours=2)
    md = render(db, "md", now=now)
    assert "**1 of 2 claims checked (50%)** · 1 open check-worthy claim · 1 verdict since 2022-03-06\n" in md
    assert "(UTC, 1 day):" in md and "1 in all (most in a day: 1)" in md
    html = render(db, "html", now=now)
    assert "1 of 2 claims checked (50%)</strong> · 1 open check-worthy claim · 1 verdict since" in html
    assert "2 claims in 1 article" in html and "1 verdict given (most in a day: 1)" in html
    for text in (md, html):
        assert "1 claims" not in text and "1 verdicts" not in text and "1 articles" not in text
        assert "1 days" not in text


# --- the lists -----------------------------------------------------------------------------------


def test_open_claims_are_listed_most_check_worthy_first(db: Database, clock: Clock) -> None:
    scores = [0.6, 0.95, 0.7, 0.95, 0.51, 0.9, 0.8, 0.85, 0.99, 0.65, 0.75, 0.55, 0.1, 0.2]
    ids = ingest(db, clock, 0, scores)
    move(db, clock, 1, ids[8], "in_review")  # 0.99, in review: still open
    move(db, clock, 2, ids[1], "dismissed")  # 0.95: not open
    move(db, clock, 3, ids[13], "in_review")  # 0.2 but taken up: open work, last by score
    with db.session() as s:
        listed = report_totals(s, None, now=T0 + timedelta(hours=5)).open_claims
    ranked = sorted(
        (i for i in ids if i != ids[1] and i != ids[12]), key=lambda i: (-scores[ids.index(i)], i)
    )  # 0.1 untouched: set aside
    assert len(listed) == OPEN_LISTED
    assert [c.id for c in listed] == ranked[:OPEN_LISTED]
    assert [c.score for c in listed][:3] == [0.99, 0.95, 0.9]
    # A filter narrows the list too.
    with db.session() as s:
        reviewing = report_totals(s, ReportFilter.build(status=["in_review"]), now=T0 + timedelta(hours=5))
    assert [c.id for c in reviewing.open_claims] == [ids[8], ids[13]]


def test_recently_verified_newest_first(db: Database, clock: Clock) -> None:
    ids = ingest(db, clock, 0, [0.9] * 14)
    for n, claim in enumerate(ids[:12]):
        move(db, clock, 1 + n, claim, "verified")
    move(db, clock, 20, ids[3], "in_review")  # reopened: no longer verified
    move(db, clock, 20.5, ids[0], "in_review")
    move(db, clock, 21, ids[0], "verified")  # verified again: its newest verdict counts
    move(db, clock, 22, ids[12], "false")  # another verdict
    with db.session() as s:
        recent = recently_verified(s, ReportFilter())
        windowed = recently_verified(s, ReportFilter.build(since=(T0 + timedelta(hours=10)).isoformat()))
    assert recent.total == 11
    assert [c.id for c in recent.claims] == [ids[0], *reversed(ids[4:12]), ids[2]][:RECENTLY_VERIFIED]
    assert recent.claims[0].verdict is not None and recent.claims[0].verdict.at == T0 + timedelta(hours=21)
    assert [c.id for c in windowed.claims] == [ids[0], ids[11], ids[10], ids[9]] and windowed.total == 4
    md = render(db, "md", now=T0 + timedelta(hours=30))
    section = md[md.index("## Recently verified") : md.index("## Open claims")]
    assert "The 10 most recent of 11, newest first." in section
    data = json.loads(render(db, "json", now=T0 + timedelta(hours=30)))
    assert data["recently_verified"]["total"] == 11
    assert [c["id"] for c in data["recently_verified"]["claims"]] == [c.id for c in recent.claims]
    assert [c["status"] for c in data["attention"]] == ["false"]


def render(db: Database, fmt: str, *, now: datetime, flt: ReportFilter | None = None) -> str:
    buf = io.StringIO(newline="")
    write_report(db, flt, fmt, buf, now=now)
    return buf.getvalue()
