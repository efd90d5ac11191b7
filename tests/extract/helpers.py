"""Small helpers for the extractor tests."""

from __future__ import annotations

from claimtrack.extract import ProposedClaim, extract_claims


def claims(text: str, **kw: object) -> list[ProposedClaim]:
    out = extract_claims(text, **kw)  # type: ignore[arg-type]
    for c in out:
        assert text[c.start : c.end] == c.text
        assert text[c.sentence_start : c.sentence_end] == c.sentence
    return out


def one(text: str, **kw: object) -> ProposedClaim:
    out = claims(text, **kw)
    assert len(out) == 1, [(c.claimant, c.text) for c in out]
    return out[0]


def sentences(text: str) -> list[str]:
    from claimtrack.extract import split_sentences

    return [text[s:e] for s, e in split_sentences(text)]
