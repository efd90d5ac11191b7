"""The optional language-model extractor, against a mocked OpenAI-compatible endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.extract import llm
from claimtrack.extract.llm import LLMError, LLMExtractor

ARTICLE = (
    "Officials said 12 people were killed in the attack on Monday.\n"
    "“We have sent 300 troops to the border,” the minister said.\n"
    "An unverified report said four workers were missing, but the company denied it."
)
URL = "https://llm.example/v1"


def answer(claims: object, *, fenced: bool = False) -> dict:
    content = json.dumps({"claims": claims})
    if fenced:
        content = "```json\n" + content + "\n```"
    return {"choices": [{"message": {"role": "assistant", "content": content}}]}


def transport(*responses: object, seen: list[httpx.Request] | None = None) -> httpx.MockTransport:
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        if isinstance(item, httpx.Response):
            return item
        return httpx.Response(200, json=item)

    return httpx.MockTransport(handler)


def extractor(t: httpx.MockTransport, **kw: object) -> LLMExtractor:
    return LLMExtractor(URL, "test-model", "sk-test", transport=t, backoff=0, **kw)  # type: ignore[arg-type]


GOOD = [
    # offsets are never asked for; a model that sends some is ignored
    {"text": "12 people were killed in the attack on Monday", "claimant": "Officials", "cue": "said", "start": 999},
    {"text": "We have sent 300 troops to the border", "claimant": "the minister", "cue": "Said"},
    {
        "text": "four workers were missing",
        "claimant": "An unverified report",
        "cues": ["Unverified", "denied"],
        "disputed_by": ["the company"],
    },
]


def test_claims_come_back_with_offsets_computed_from_the_article() -> None:
    seen: list[httpx.Request] = []
    out = extractor(transport(answer(GOOD), seen=seen))(ARTICLE, default_claimant="Desk")
    assert [c.claimant for c in out] == ["Officials", "the minister", "An unverified report"]
    for c in out:
        assert ARTICLE[c.start : c.end] == c.text
        assert ARTICLE[c.sentence_start : c.sentence_end] == c.sentence
        assert c.sentence_start <= c.start <= c.end <= c.sentence_end
        assert 0 <= c.score <= 1
    assert out[1].cue == "said"
    assert out[2].cues == ("unverified", "denied") and out[2].disputed_by == ("the company",)
    body = json.loads(seen[0].content)
    assert seen[0].url == "https://llm.example/v1/chat/completions"
    assert seen[0].headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "test-model" and body["messages"][-1]["content"] == ARTICLE


def test_quotes_and_whitespace_are_folded_and_unknown_text_is_dropped() -> None:
    claims = [
        {"text": '"We have sent 300   troops to the border"', "claimant": "the minister"},
        {"text": "a sentence the article never contained", "claimant": "nobody"},
        {"text": "12 people were killed in the attack on Monday", "claimant": None},
    ]
    out = extractor(transport(answer(claims, fenced=True)))(ARTICLE, default_claimant="Desk")
    assert [c.text for c in out] == [
        "12 people were killed in the attack on Monday",
        "We have sent 300 troops to the border",
    ]
    assert out[0].claimant == "Desk"


def test_folded_match_with_curly_quotes() -> None:
    text = "The minister said the plan was “dead on arrival” in 2024."
    out = extractor(transport(answer([{"text": 'the plan was "dead on arrival" in 2024'}])))(text)
    assert len(out) == 1 and text[out[0].start : out[0].end] == "the plan was “dead on arrival” in 2024"


def test_retries_then_succeeds() -> None:
    seen: list[httpx.Request] = []
    t = transport(httpx.Response(503), httpx.ReadTimeout("slow"), answer(GOOD), seen=seen)
    out = extractor(t, retries=2)(ARTICLE)
    assert len(out) == 3 and len(seen) == 3


def test_timeouts_give_one_clear_error() -> None:
    with pytest.raises(LLMError, match=r"timed out .*\(3 attempts\)"):
        extractor(transport(httpx.ReadTimeout("slow")), retries=2)(ARTICLE)


def test_connection_error() -> None:
    with pytest.raises(LLMError, match="cannot connect"):
        extractor(transport(httpx.ConnectError("refused")), retries=0)(ARTICLE)


def test_http_error_is_not_retried() -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(LLMError, match="HTTP 401"):
        extractor(transport(httpx.Response(401), seen=seen), retries=3)(ARTICLE)
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(200, text="<html>oops</html>"), "not JSON"),
        ({"choices": []}, "no choices"),
        ({"choices": [{"message": {"content": "Sure! Here are the claims: ..."}}]}, "not JSON"),
        (answer("not a list"), "claims"),
        (answer([{"claimant": "x"}]), "text"),
        (answer([{"text": ""}]), "text"),
        ({"choices": [{"message": {"content": json.dumps({"items": []})}}]}, "claims"),
    ],
)
def test_malformed_answers(response: object, message: str) -> None:
    with pytest.raises(LLMError, match="malformed answer|not JSON") as exc:
        extractor(transport(response))(ARTICLE)
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_not_configured() -> None:
    with pytest.raises(LLMError, match="CLAIMTRACK_LLM_URL"):
        LLMExtractor(None, None)


def test_empty_article_makes_no_request() -> None:
    seen: list[httpx.Request] = []
    assert extractor(transport(answer(GOOD), seen=seen))("  \n") == []
    assert seen == []


# --- through the CLI -------------------------------------------------------------------------


def test_cli_extract_with_the_llm_extractor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = llm.llm_extractor
    monkeypatch.setattr(llm, "llm_extractor", lambda: real(transport=transport(answer(GOOD))))
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    env = {"CLAIMTRACK_LLM_URL": URL, "CLAIMTRACK_LLM_MODEL": "m", "CLAIMTRACK_CONFIG": str(tmp_path / "c.toml")}
    (tmp_path / "c.toml").write_text("", encoding="utf-8")
    from claimtrack.config import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["extract", "--json", "--extractor", "llm", str(f)], env=env)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, (result.stdout, result.stderr)
    recs = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["claimant"] for r in recs] == ["Officials", "the minister", "An unverified report"]
    assert all(ARTICLE[r["start"] : r["end"]] == r["text"] for r in recs)


def test_cli_llm_errors_are_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = llm.llm_extractor
    monkeypatch.setattr(llm, "llm_extractor", lambda: real(transport=transport(httpx.Response(200, text="nope"))))
    (tmp_path / "c.toml").write_text("", encoding="utf-8")
    env = {
        "CLAIMTRACK_LLM_URL": URL,
        "CLAIMTRACK_LLM_MODEL": "m",
        "CLAIMTRACK_CONFIG": str(tmp_path / "c.toml"),
        "CLAIMTRACK_FETCH_RETRIES": "0",
    }
    from claimtrack.config import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["extract", "--extractor", "llm", "-"], input=ARTICLE, env=env)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "not JSON" in result.stderr


def test_cli_llm_not_configured(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text("", encoding="utf-8")
    env = {"CLAIMTRACK_CONFIG": str(tmp_path / "c.toml"), "CLAIMTRACK_LLM_URL": "", "CLAIMTRACK_LLM_MODEL": ""}
    from claimtrack.config import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["extract", "--extractor", "llm", "-"], input=ARTICLE, env=env)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2 and "CLAIMTRACK_LLM_URL" in result.stderr
