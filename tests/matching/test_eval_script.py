"""scripts/eval_matching.py: its measure, and a clean skip without the data."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_matching", ROOT / "scripts" / "eval_matching.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_matching"] = module
    spec.loader.exec_module(module)
    return module


def test_map_and_recall_as_checkthat_defines_them() -> None:
    script = load_script()
    rankings = [["a", "b", "c"], ["x", "y", "z"], ["p", "q"]]
    relevant = [{"a"}, {"y", "z"}, {"r"}]
    m = script.measure(rankings, relevant)
    assert m["MAP@1"] == pytest.approx((1 + 0 + 0) / 3)
    assert m["MAP@5"] == pytest.approx((1 + (1 / 2 + 2 / 3) / 2 + 0) / 3)
    assert m["R@10"] == pytest.approx((1 + 1 + 0) / 3)


def test_without_the_data_it_says_so_and_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = load_script()
    monkeypatch.setattr(script, "DATA", tmp_path / "absent")
    assert script.main([]) == 0
    assert "skipped" in capsys.readouterr().out


def test_the_whole_run_on_a_tiny_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("bm25s", reason="the eval extra (pip install -e '.[eval]')")
    script = load_script()
    folder = tmp_path / "tweets_snopes"
    folder.mkdir()
    facts = [
        ("c1", "The city council banned plastic bags in shops.", "Did the council ban plastic bags?"),
        ("c2", "A shark was photographed swimming on a flooded highway.", "Shark on the highway?"),
        ("c3", "The river dried up completely during the summer heat.", "Did the river dry up?"),
    ]
    (folder / "collection.jsonl").write_text(
        "".join(f'{{"id": "{i}", "text": "{t}", "title": "{h}"}}\n' for i, t, h in facts), encoding="utf-8"
    )
    (folder / "queries.jsonl").write_text(
        '{"id": "q1", "text": "Wow, plastic bags are now banned in shops by our council", "split": "dev"}\n'
        '{"id": "q2", "text": "Look at this shark swimming on the flooded highway!!", "split": "dev"}\n',
        encoding="utf-8",
    )
    (folder / "qrels.tsv").write_text(
        "query_id\tclaim_id\trelevance\tsplit\nq1\tc1\t1\tdev\nq2\tc2\t1\tdev\n", encoding="utf-8"
    )
    monkeypatch.setattr(script, "DATA", tmp_path)
    monkeypatch.setattr(script, "DEPTH", 3)
    assert script.main(["--set", "tweets_snopes", "--split", "dev"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("tweets_snopes")]
    assert [line[2] for line in lines] == ["BM25", "BM25"]
    assert lines[1][-4:] == ["1.000", "1.000", "1.000", "2"]  # the re-ranker keeps both right


def test_through_the_cli_on_a_tiny_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--through-cli`: `factchecks import` then `match - --json` in real processes, figures from the output."""
    script = load_script()
    folder = tmp_path / "tweets_snopes"
    folder.mkdir()
    collection = [
        {"id": "c1", "text": "The city council banned plastic bags in shops.", "date": "26 May 2015"},
        {"id": "c2", "text": "Unemployment rose to 4% last year.", "url": "https://same.example/"},
        {"id": "c3", "text": "Unemployment fell to 4% last year.", "url": "https://same.example/"},
    ]
    (folder / "collection.jsonl").write_text("".join(json.dumps(c) + "\n" for c in collection), encoding="utf-8")
    (folder / "queries.jsonl").write_text(
        '{"id": "q1", "text": "Plastic bags are now banned in shops by our council", "split": "dev"}\n'
        '{"id": "q2", "text": "Unemployment fell to 4%, the minister said", "split": "dev", "context": ["Hear this."]}\n'
        '{"id": "q3", "text": "Unemployment rose to 4 percent", "split": "dev"}\n',
        encoding="utf-8",
    )
    (folder / "qrels.tsv").write_text(
        "query_id\tclaim_id\trelevance\tsplit\nq1\tc1\t1\tdev\nq2\tc3\t1\tdev\nq3\tc2\t1\tdev\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(script, "DATA", tmp_path)
    assert script.main(["--through-cli", "--set", "tweets_snopes", "--split", "dev"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("tweets_snopes")]
    assert len(lines) == 1
    assert lines[0][2:4] == ["claimtrack", "match"]
    assert lines[0][4:8] == ["1.000", "1.000", "1.000", "3"]  # "fell" and "rose" each find their own
