"""The HTML report in a real headless Chromium: it renders, runs no script, fetches nothing.

The checker is tested first on negative controls (a page that loads an image from a local
server, a page whose script throws): if it cannot see those, its all-clear means nothing.
Skipped only when no Chromium is installed (``apt-get install chromium``; ``.ci/run`` does it).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimtrack.services import workflow
from claimtrack.services.reports import write_report
from claimtrack.store import Database
from tests.reports.browser import Chromium, find_chromium
from tests.reports.conftest import GENERATED

pytestmark = pytest.mark.skipif(
    find_chromium() is None, reason="chromium is not installed (apt-get install -y chromium)"
)

EXPRESSIONS = {
    "title": "document.title",
    "scripts": "document.scripts.length",
    "bars": "document.querySelectorAll('svg.chart rect').length",
    "text": "document.body.innerText",
    "attention_first": "document.querySelector('section').id",
    "width": "document.documentElement.scrollWidth",
    "images": "document.images.length",
    # the backlog chart, as the browser laid it out
    "backlog_role": "document.querySelector('svg.backlog').getAttribute('role')",
    "backlog_label": "document.querySelector('svg.backlog').getAttribute('aria-label')",
    "backlog_title": "document.querySelector('svg.backlog title').textContent",
    "backlog_points": "document.querySelector('svg.backlog polyline').points.numberOfItems",
    "backlog_line": "Math.round(document.querySelector('svg.backlog polyline').getBBox().width)",
    "backlog_stroke": "getComputedStyle(document.querySelector('svg.backlog polyline')).stroke",
    "backlog_bars": "[...document.querySelectorAll('svg.backlog rect')].map(r => Math.round(r.getBBox().height))",
    "backlog_box": "(b => [Math.round(b.width), Math.round(b.height)])"
    "(document.querySelector('svg.backlog').getBoundingClientRect())",
}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    with Chromium() as browser:
        yield browser


class Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        Recorder.hits.append(self.path)
        body = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Recorder.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_checker_sees_a_request(chromium: Chromium, server: str, tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(f'<!DOCTYPE html><title>control</title><p>hello</p><img src="{server}/x.gif">')
    report = chromium.check(page.as_uri())
    assert f"{server}/x.gif" in report.requests
    assert "/x.gif" in Recorder.hits  # Chromium really asked the server


def test_the_checker_sees_a_script_error(chromium: Chromium, tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><title>control</title><script>throw new Error('boom from the control page')</script>"
    )
    report = chromium.check(page.as_uri())
    assert any("boom from the control page" in e for e in report.errors), report.errors


def test_the_checker_passes_a_quiet_page(chromium: Chromium, tmp_path: Path) -> None:
    page = tmp_path / "quiet.html"
    page.write_text("<!DOCTYPE html><title>quiet</title><p>nothing to fetch</p>")
    report = chromium.check(page.as_uri())
    assert report.requests == [] and report.errors == []


def test_the_html_report_renders_offline(chromium: Chromium, example_db: Database, tmp_path: Path) -> None:
    # A hostile claimant and note, to check they stay text in a real browser too.
    with example_db.session() as s:
        workflow.add_note(
            s, 1, '<img src="http://127.0.0.1:9/x.gif" onerror="alert(1)"><script>alert(2)</script>', user="mallory"
        )
    buf = io.StringIO()
    write_report(example_db, None, "html", buf, now=GENERATED)
    page = tmp_path / "report.html"
    page.write_text(buf.getvalue(), encoding="utf-8")
    report = chromium.check(page.as_uri(), EXPRESSIONS)
    assert report.requests == [], report.requests
    assert report.errors == [], report.errors
    values = report.values
    assert values["title"].startswith("claimtrack status report")
    assert values["scripts"] == 0 and values["images"] == 0
    assert values["bars"] == 8  # one bar a status
    assert values["attention_first"] == "attention"
    assert "<script>alert(2)</script>" in values["text"]
    assert "four Chinese nationals were killed in an attack" in values["text"]
    assert values["width"] <= 1280  # no horizontal scrolling at desktop width
    # The backlog: four days (Sunday to Wednesday), a line of open claims 5, 3, 2, 2 drawn across
    # the chart, a bar a day with verdicts (1, 2, 1: the busiest the tallest), and words for it.
    assert values["backlog_role"] == "img" and values["backlog_title"] == values["backlog_label"]
    assert "from 5 to 2" in values["backlog_label"] and "4 verdicts given" in values["backlog_label"]
    assert values["backlog_points"] == 4 and values["backlog_line"] > 300
    assert values["backlog_stroke"] == "rgb(47, 111, 176)"
    assert values["backlog_bars"] == [14, 28, 14]
    assert values["backlog_box"] == [460, 150]
