"""Golden files: each format, on the example data, byte for byte, on SQLite and PostgreSQL.

Regenerate after a deliberate change with ``CLAIMTRACK_UPDATE_GOLDEN=1 pytest tests/reports``
and read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from claimtrack.config import Settings
from claimtrack.services.claimreview import claim_reviews, write_claim_reviews
from claimtrack.services.reports import ReportFilter, write_report
from claimtrack.store import Database
from tests.reports.conftest import GENERATED, T0, claim_id

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CLAIMTRACK_UPDATE_GOLDEN") == "1"

SETTINGS = Settings(
    org_name="Desk Facts", org_url="https://facts.example", check_url_pattern="https://facts.example/checks/{id}"
)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} missing: run with CLAIMTRACK_UPDATE_GOLDEN=1 to write it"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} differs from the golden file (CLAIMTRACK_UPDATE_GOLDEN=1 rewrites it)"


def render(db: Database, fmt: str, flt: ReportFilter | None = None) -> str:
    buf = io.StringIO(newline="")
    write_report(db, flt, fmt, buf, now=GENERATED)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_report_golden(example_db: Database, fmt: str) -> None:
    check_golden(f"report.{fmt}", render(example_db, fmt))


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_report_since_golden(example_db: Database, fmt: str) -> None:
    """Tuesday on: what changed since the first day's triage."""
    flt = ReportFilter.build(since=(T0.replace(day=7)).isoformat(), until="2022-03-08")
    check_golden(f"report-since.{fmt}", render(example_db, fmt, flt))


def test_claimreview_golden(example_db: Database) -> None:
    buf = io.StringIO()
    with example_db.session() as session:
        write_claim_reviews(claim_reviews(session, SETTINGS), buf)
    check_golden("claimreview.json", buf.getvalue())
    assert [item["reviewRating"]["alternateName"] for item in json.loads(buf.getvalue())] == [
        "Disputed",
        "Misleading",
        "True",
        "False",
    ]


def test_json_report_is_what_the_schema_says(example_db: Database) -> None:
    data = json.loads(render(example_db, "json"))
    assert data["schema"] == "claimtrack.report/2"
    assert list(data) == [
        "schema",
        "generated_at",
        "headline",
        "filters",
        "totals",
        "changes",
        "time_to_verdict",
        "backlog",
        "open_claims",
        "open_work",
        "attention",
        "recently_verified",
        "seen_before",
        "articles",
    ]
    # added within /2 (docs/reports.md: new fields keep the schema name); no match on this desk
    assert data["seen_before"] == {"repeated": 0, "fact_check_matched": 0, "confirmed": 0, "claims": []}
    assert data["totals"]["claims"] == 8 and data["totals"]["by_status"]["false"] == 1
    assert [c["status"] for c in data["attention"]] == ["disputed", "misleading", "false"]
    [article] = data["articles"]
    assert len(article["claims"]) == 8
    # 5 h, 26 h, 30 h and 52 h from ingest to verdict: the median is 28 h.
    assert data["time_to_verdict"]["median_seconds"] == 28 * 3600
    assert data["time_to_verdict"]["verdicts"] == 4
    # 4 verdicts (verified, disputed, false, misleading) of 6: the dismissed claim and the
    # proposal set aside below the threshold are counted apart.
    headline = data["headline"]
    assert (headline["checked"], headline["of"], headline["open_check_worthy"]) == (4, 6, 2)
    assert (headline["set_aside"], headline["dismissed"], headline["verdicts"]) == (1, 1, 4)
    # Most check-worthy first (0.9 before 0.75), not the lowest id; the set-aside one left out.
    assert [c["id"] for c in data["open_claims"]] == [claim_id("the Western"), claim_id("the world is")]
    assert [c["id"] for c in data["recently_verified"]["claims"]] == [claim_id("one of its citizens")]
    # Only the page fetched is "captured"; the others were linked without a copy.
    evidence = {ev["title"]: ev for claim in article["claims"] for ev in claim["evidence"]}
    embassy = evidence["Global Times: embassy in Kyiv denies deaths"]
    assert (embassy["linked_at"], embassy["captured_at"]) == ("2022-03-06T11:00:00Z", "2022-03-06T11:30:00Z")
    others = [ev for title, ev in evidence.items() if ev is not embassy]
    assert len(others) == 4 and all(ev["captured_at"] is None and ev["linked_at"] for ev in others)


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_captured_only_with_a_copy_in_every_format(example_db: Database, fmt: str) -> None:
    text = render(example_db, fmt)
    stamp = "2022-03-06T11:30:00Z" if fmt == "csv" else "2022-03-06 11:30"
    assert text.count("captured ") - text.count("captured_") == (2 if fmt != "csv" else 1)  # false: top box and article
    assert f"captured {stamp}" in text
    linked = "2022-03-07T12:00:00Z" if fmt == "csv" else "2022-03-07 12:00"
    assert f"linked {linked}, no copy" in text
    assert "quoted from the article" in text
