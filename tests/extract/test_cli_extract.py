"""``claimtrack score`` and ``claimtrack extract``: the scriptable contract (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimtrack.cli import app
from claimtrack.extract import CHECK_WORTHY_THRESHOLD, score_sentence

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures" / "articles" / "scmp-blinken-wang-yi.txt"
FIELDS = {"text", "sentence", "start", "end", "claimant", "cue", "cues", "disputed_by", "score", "check_worthy"}


def run(*args: str, input: bytes | str | None = None) -> Result:
    # no database may be touched: point CLAIMTRACK_DB somewhere that cannot be opened
    env = {"CLAIMTRACK_DB": "/nonexistent/folder/never.db"}
    return CliRunner().invoke(app, list(args), input=input, env=env)


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def fails(result: Result, message: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


# --- score ---------------------------------------------------------------------------------


def test_score_one_object_a_line_in_order() -> None:
    lines = ["The army lost 40 tanks in 2022.", "", "Thanks for reading!", "Unemployment fell to 3.5 percent in March."]
    out = jsonl(ok(run("score", input="\n".join(lines) + "\n")))
    assert len(out) == 4
    for rec, line in zip(out, lines):
        assert set(rec) == {"score", "check_worthy"}
        assert rec["score"] == pytest.approx(score_sentence(line), abs=1e-6)
        assert rec["check_worthy"] == (score_sentence(line) >= CHECK_WORTHY_THRESHOLD)
    assert out[1] == {"score": 0.0, "check_worthy": False}
    assert out[0]["check_worthy"] and not out[2]["check_worthy"]


def test_score_reads_a_file_and_crlf(tmp_path: Path) -> None:
    f = tmp_path / "s.txt"
    f.write_bytes(b"The army lost 40 tanks in 2022.\r\nWhat do you think?\r\nlast line without newline")
    out = jsonl(ok(run("score", str(f))))
    assert len(out) == 3
    assert out[0]["score"] == pytest.approx(score_sentence("The army lost 40 tanks in 2022."), abs=1e-6)


def test_score_empty_input() -> None:
    assert ok(run("score", input=b"")) == ""


def test_score_streams_many_lines() -> None:
    n = 20_000
    data = ("The army lost 40 tanks in 2022.\nI think so.\n" * (n // 2)).encode()
    out = ok(run("score", "-", input=data)).splitlines()
    assert len(out) == n
    assert json.loads(out[-1])["check_worthy"] is False


@pytest.mark.parametrize(
    ("data", "message"), [(b"ok\n\xff\xfe bad\n", "not UTF-8 text (line 2)"), (b"\x00\x01\x02binary", "binary data")]
)
def test_score_refuses_binary_and_non_utf8(data: bytes, message: str) -> None:
    fails(run("score", input=data), message)


# --- extract -------------------------------------------------------------------------------


def test_extract_json_contract_on_the_example_article() -> None:
    text = EXAMPLE.read_text("utf-8")
    out = jsonl(ok(run("extract", "--json", str(EXAMPLE))))
    assert len(out) >= 10
    for rec in out:
        assert set(rec) >= FIELDS
        assert text[rec["start"] : rec["end"]] == rec["text"]
        assert text[rec["sentence_start"] : rec["sentence_end"]] == rec["sentence"]
        assert 0 <= rec["score"] <= 1 and rec["check_worthy"] == (rec["score"] >= CHECK_WORTHY_THRESHOLD)
    denied = [r for r in out if "four Chinese nationals" in r["text"]]
    assert denied and denied[0]["disputed_by"] and "unverified" in denied[0]["cues"]


def test_extract_offsets_index_the_input_as_read_with_crlf_and_non_ascii() -> None:
    raw = (
        "Der Bürgermeister said 40 people died.\r\n“We lost 30 homes 🏠,” Ruiz said.\r\n"
        "The army lost 40 tanks in 2022.\r\n"
    ).encode()
    text = raw.decode("utf-8")
    out = jsonl(ok(run("extract", "--json", "-", input=raw)))
    assert len(out) == 3
    for rec in out:
        assert text[rec["start"] : rec["end"]] == rec["text"]
    assert out[1]["claimant"] == "Ruiz"


def test_extract_plain_body_without_a_title_line() -> None:
    out = jsonl(ok(run("extract", "--json", "-", input="Officials said 12 people were killed on Monday.")))
    assert [(r["claimant"], r["text"]) for r in out] == [("Officials", "12 people were killed on Monday")]


def test_extract_claimant_option() -> None:
    out = jsonl(ok(run("extract", "--json", "--claimant", "Desk", "-", input="The army lost 40 tanks in 2022.")))
    assert out[0]["claimant"] == "Desk"


def test_extract_listing_is_terminal_safe() -> None:
    out = ok(run("extract", "-", input="Officials said 12 people were \x1b[31mkilled\x1b[0m on Monday."))
    assert "\x1b" not in out and "\\x1b" in out
    assert "Officials" in out and "1 claims" in out


def test_extract_listing_of_nothing() -> None:
    assert "no claims found" in ok(run("extract", "-", input=""))


def test_extract_empty_input_json() -> None:
    assert ok(run("extract", "--json", "-", input=b"")) == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Officials said \xe9t\xe9 12 people died.", "not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    ],
)
def test_extract_refuses_binary_and_non_utf8(data: bytes, message: str) -> None:
    fails(run("extract", "--json", "-", input=data), message)


def test_extract_missing_file_and_unknown_extractor(tmp_path: Path) -> None:
    fails(run("extract", str(tmp_path / "nope.txt")), "no such file")
    fails(run("extract", "--extractor", "magic", str(EXAMPLE)), "unknown extractor")


def test_extract_large_input() -> None:
    # distinct sentences: a sentence repeated word for word is proposed once (a pull quote)
    data = "".join(
        f"Officials said {i} people were killed on Monday, but Moscow denied it. The army lost {i} tanks in 2022.\n"
        for i in range(12_000)
    ).encode()  # about 1.2 MB
    out = ok(run("extract", "--json", "-", input=data)).splitlines()
    assert len(out) == 24_000
    last = json.loads(out[-1])
    assert data.decode()[last["start"] : last["end"]] == last["text"]
