"""``claimtrack ingest --extractor llm``: the language-model extractor behind the same ingest."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.config import get_settings
from claimtrack.extract import llm

ARTICLE = "Port blast\nOfficials said 12 people were killed in the blast on Monday.\nAuthors: Ann Writer, Daily Test\n"


def endpoint(content: object) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(content, httpx.Response):
            return content
        message = {"role": "assistant", "content": json.dumps(content)}
        return httpx.Response(200, json={"choices": [{"message": message}]})

    return httpx.MockTransport(handler)


@pytest.fixture
def llm_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    (tmp_path / "c.toml").write_text("", encoding="utf-8")
    get_settings.cache_clear()
    yield {
        "CLAIMTRACK_LLM_URL": "https://llm.example/v1",
        "CLAIMTRACK_LLM_MODEL": "m",
        "CLAIMTRACK_CONFIG": str(tmp_path / "c.toml"),
        "CLAIMTRACK_FETCH_RETRIES": "0",
        "CLAIMTRACK_DB": str(tmp_path / "x.db"),
        "CLAIMTRACK_USER": "alice",
    }
    get_settings.cache_clear()


def test_ingest_with_the_llm_extractor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, llm_env: dict[str, str]
) -> None:
    real = llm.llm_extractor
    answer = {
        "claims": [{"text": "12 people were killed in the blast on Monday", "claimant": "Officials", "cue": "said"}]
    }
    monkeypatch.setattr(llm, "llm_extractor", lambda: real(transport=endpoint(answer)))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "--extractor", "llm", str(article)], env=llm_env)
    assert result.exit_code == 0, result.stderr
    assert "1 claims found" in result.stdout
    claims = json.loads(runner.invoke(app, ["claims", "--json"], env=llm_env).stdout)
    [claim] = claims
    assert (claim["text"], claim["claimant"]) == ("12 people were killed in the blast on Monday", "Officials")


def test_a_failing_model_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, llm_env: dict[str, str]
) -> None:
    real = llm.llm_extractor
    monkeypatch.setattr(llm, "llm_extractor", lambda: real(transport=endpoint(httpx.Response(500, text="down"))))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "--extractor", "llm", str(article)], env=llm_env)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1 and "HTTP 500" in result.stderr
    assert "no articles yet" in runner.invoke(app, ["articles"], env=llm_env).stdout
    bad = runner.invoke(app, ["ingest", "--extractor", "magic", str(article)], env=llm_env)
    assert bad.exit_code == 2 and "unknown extractor 'magic'" in bad.stderr
