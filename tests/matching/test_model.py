"""The embedding model comes from wordllama's wheel: loaded with the network cut off, never downloaded."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimtrack.matching import ModelMissingError, embedding


def test_the_model_loads_from_the_package_with_the_network_cut_off_and_leaves_logging_alone() -> None:
    # A fresh interpreter: wordllama imported for the first time, every connection refused and counted.
    script = textwrap.dedent(
        """
        import logging, socket
        attempts = []
        def refuse(self, *args, **kwargs):
            attempts.append(args)
            raise OSError("network cut off by the test")
        socket.socket.connect = refuse
        socket.create_connection = lambda *a, **k: refuse(None, *a)
        from claimtrack.matching import embedding
        vectors = embedding.embed(["Unemployment fell to 4%.", "Unemployment rose to 4%.", ""])
        assert vectors.shape == (3, 256), vectors.shape
        assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
        assert float((vectors[2] ** 2).sum()) == 0.0
        print("attempts", len(attempts), "handlers", len(logging.getLogger().handlers))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["attempts", "0", "handlers", "0"]


def test_a_missing_model_is_an_error_not_a_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, *args: object) -> None:
        attempts.append(args)
        raise OSError("network cut off by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    with pytest.raises(ModelMissingError, match="missing"):
        embedding._load(tmp_path)  # an empty folder: no weights, no tokenizer
    assert attempts == []


def test_word_vectors_are_cached_unit_vectors() -> None:
    first = embedding.word_vectors(["budget", "deficit", "budget"])
    assert first.shape == (3, 256)
    assert (first[0] == first[2]).all()
    assert "deficit" in embedding._words
    assert embedding.word_vectors([]).shape == (0, 256)
