"""Reading pages: strict decoding, titles, and the article by trafilatura (offline, comments off)."""

from __future__ import annotations

import socket
from datetime import UTC, date, datetime

import httpx
import pytest

from claimtrack.web.client import FetchResult
from claimtrack.web.errors import FetchError
from claimtrack.web.pages import decode_body, extract_article, page_title, result_title
from tests.web.conftest import article_html


def result(
    body: bytes, content_type: str | None = "text/html; charset=utf-8", url: str = "https://news.example/story"
) -> FetchResult:
    headers = httpx.Headers({"content-type": content_type} if content_type else {})
    return FetchResult(url, url, 200, headers, body, datetime.now(UTC))


def test_the_article_and_its_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("extraction tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    page = extract_article(result(article_html()))
    assert page.title == "Bridge collapse: mayor denies"
    assert page.authors == ["Ann Writer"] and page.sitename == "Daily Test"
    assert page.published == date(2024, 3, 5) and page.canonical_url == "https://news.example/bridge"
    lines = page.body.split("\n")
    assert len(lines) == 3  # one paragraph a line, headline not repeated
    assert lines[0].startswith("The ministry said 40 people were hurt")
    assert "Reader comment" not in page.body and "Copyright" not in page.body and "Home" not in page.body
    parsed = page.parsed("https://news.example/story?utm=x")
    assert parsed.url == "https://news.example/bridge" and parsed.outlet == "Daily Test"


def test_a_page_without_metadata_falls_back_to_its_title_tag() -> None:
    html = (
        "<html><head><title>Only a title</title></head><body><div>"
        + "".join(
            f"<p>Paragraph {n} says that something happened in the town on a day of the week, officials said.</p>"
            for n in range(4)
        )
        + "</div></body></html>"
    )
    page = extract_article(result(html.encode(), url="https://blog.example/p"))
    assert page.title == "Only a title" and page.authors == [] and len(page.body.split("\n")) == 4


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"%PDF-1.7 ...", "application/pdf", "not an HTML page (application/pdf)"),
        (b'{"a": 1}', "application/json", "not an HTML page (application/json)"),
        (
            "<html><body><p>caf\xe9</p></body></html>".encode("latin-1"),
            "text/html",
            "broken text encoding (no charset declared, and not UTF-8",
        ),
        (
            "<html><body><p>caf\xe9</p></body></html>".encode("latin-1"),
            "text/html; charset=utf-8",
            "broken text encoding (declared as utf-8",
        ),
        (b"<html><body>x</body></html>", "text/html; charset=klingon-8", "unknown character encoding 'klingon-8'"),
        (b"<html>\x00\x01\x02</html>", "text/html", "binary"),
        (b"<html><head></head><body></body></html>", "text/html", "no article text"),
    ],
)
def test_pages_that_cannot_give_an_article(body: bytes, content_type: str, message: str) -> None:
    with pytest.raises(FetchError, match=message.replace("(", r"\(").replace(")", r"\)")):
        extract_article(result(body, content_type))


def test_charsets_from_the_header_or_a_meta_tag() -> None:
    latin = "<html><head><title>Caf\xe9</title></head><body>x</body></html>".encode("latin-1")
    assert page_title(decode_body(result(latin, "text/html; charset=ISO-8859-1"))) == "Café"
    meta = b'<html><head><meta charset="windows-1252"><title>Caf\xe9 \x93quoted\x94</title></head></html>'
    assert page_title(decode_body(result(meta, "text/html"))) == "Café “quoted”"
    assert result_title(result(b"%PDF", "application/pdf")) is None
    assert result_title(result(b"<html><title>No type &amp; fine</title></html>", None)) == "No type & fine"


def test_a_page_without_a_charset_is_read_in_the_one_the_detector_finds() -> None:
    german = (
        "<html><head><title>Straßenreinigung</title></head><body><p>Die Bürger der Stadt müssen für die "
        "Straßenreinigung zahlen, sagte der Bürgermeister am Dienstag. Größere Änderungen seien nicht geplant.</p>"
        "</body></html>"
    )
    assert decode_body(result(german.encode("cp1252"), "text/html")) == german
    # the declared charset comes first: the detector is not asked
    assert decode_body(result(german.encode("latin-1"), "text/html; charset=latin-1")) == german
