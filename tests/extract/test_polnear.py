"""The PolNeAR measurement script, on a few dev articles (skips when ../shared is absent)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "eval_polnear.py"
DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"

pytestmark = pytest.mark.skipif(not DATA.is_file(), reason="PolNeAR data (../shared) not available")


def load_script():
    spec = importlib.util.spec_from_file_location("eval_polnear", SCRIPT)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["eval_polnear"] = mod
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_eval_polnear_on_a_few_dev_articles(capsys: pytest.CaptureFixture[str]) -> None:
    mod = load_script()
    assert mod.main(["--limit", "8"]) == 0
    out = capsys.readouterr().out
    assert "content coverage" in out and "source match (named)" in out
    res = mod.evaluate(mod.load("dev", 8))
    assert res.attributions > 50
    assert res.coverage >= 0.6
    assert res.source_match >= 0.4
    # precision: the attributed proposals, and how many of them PolNeAR sees as attributions
    assert "attribution precision" in out
    assert 0 < res.proposed_named <= res.proposed_in_gold <= res.proposed
    assert res.proposed_in_gold / res.proposed >= 0.6


def test_names_is_sensible() -> None:
    mod = load_script()
    assert mod.names("Republican nominee Donald Trump", "Mr. Trump")
    assert mod.names("The president", "the president")
    assert not mod.names("the article", "Trump")
    assert not mod.names(None, "Trump")
