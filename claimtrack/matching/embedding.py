"""The static word embeddings that wordllama ships in its wheel, loaded without the network.

wordllama's loader looks first in its package's ``weights/`` and ``tokenizer/`` folders, then in a
cache folder's ``weights/`` and ``tokenizers/``; its wheel ships ``weights/`` and ``tokenizers/``.
Passing the package's own folder as the cache folder makes both resolve to the shipped files, and
``disable_download=True`` turns any miss into a FileNotFoundError instead of a download.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from wordllama.inference import WordLlamaInference

Vectors = npt.NDArray[np.float32]

_lock = threading.Lock()
_model: WordLlamaInference | None = None


class ModelMissingError(RuntimeError):
    """The embedding model is not installed with the package (and is never downloaded)."""


def _load(folder: Path | None = None) -> WordLlamaInference:
    # wordllama.inference calls logging.basicConfig() on import; keep the root logger as it was.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
        from wordllama import WordLlama
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    package_dir = folder or Path(wordllama.__file__).parent
    try:
        return WordLlama.load(config="l2_supercat", dim=256, cache_dir=package_dir, disable_download=True)
    except (FileNotFoundError, OSError) as exc:
        raise ModelMissingError(f"wordllama's shipped model is missing from {package_dir}: {exc}") from exc


def model() -> WordLlamaInference:
    """The shared model, loaded once (about 0.3 s, 32 MB in memory)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _load()
    return _model


def embed(texts: list[str]) -> Vectors:
    """Unit-length vectors, one row per text (zeros for an empty text)."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty text has a zero norm
        vectors = model().embed(texts, norm=True, return_np=True, batch_size=256)
    return np.nan_to_num(np.asarray(vectors, dtype=np.float32))


_words: dict[str, npt.NDArray[np.float32]] = {}
_WORD_CACHE = 200_000  # about 200 MB at most; cleared whole when full


def word_vectors(words: list[str]) -> Vectors:
    """Unit vectors of single words, cached: the same words recur in every claim."""
    if not words:
        return np.zeros((0, 256), dtype=np.float32)
    found = {w: v for w in dict.fromkeys(words) if (v := _words.get(w)) is not None}
    missing = [w for w in dict.fromkeys(words) if w not in found]
    if missing:
        if len(_words) + len(missing) > _WORD_CACHE:
            _words.clear()
        for word, vector in zip(missing, embed(missing)):
            _words[word] = found[word] = vector
    return np.stack([found[w] for w in words])


def token_sums(texts: list[str]) -> Vectors:
    """The sum of each text's token vectors (the mean's direction): sums add, so the vector of a
    text and its title together needs no second pass of the tokenizer."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    m = model()
    encodings = m.tokenizer.encode_batch_fast(texts, add_special_tokens=False)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
    sums: Vectors = np.einsum("ntd,nt->nd", m.embedding[ids], mask, dtype=np.float32)
    return sums


def unit(vectors: Vectors) -> Vectors:
    """Rows scaled to length 1 (a zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    result: Vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    return result
