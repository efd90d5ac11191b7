"""From a fact check's rating to claimtrack's statuses, and to an evidence stance.

Words first (``alternateName`` / ``textualRating``), matched as whole words in this order, the
longest phrases first so "mostly true" is not read as "true", nor "not true" as "true":

============================================  ===============
rating words                                  status
============================================  ===============
unproven, unverified, unverifiable, no        unverifiable
evidence, unsupported, insufficient evidence,
research in progress, unclear, cannot be
verified
not true, untrue, pants on fire, fake,        false
fabricated, hoax, incorrect, inaccurate,
wrong, baseless, false, debunked, scam
misleading, mostly false, partly false,       misleading
partially false, missing context, out of
context, lacks context, exaggerated, distorted,
cherry picked, manipulated, altered, satire
half true, mixture, mixed, disputed,          disputed
contested, partly true, partially true,
needs context
mostly true, true, correct, accurate,         verified
verified, confirmed, accurate
============================================  ===============

Otherwise the number: ``ratingValue`` placed on its ``worstRating``–``bestRating`` scale (1–5
when the review gives none) as a fraction *f* from worst (0) to best (1): *f* < 0.125 false,
< 0.375 misleading, < 0.625 disputed, else verified. So on the usual 1–5 scale, 1 is false, 2
misleading, 3 disputed, 4 and 5 verified. A rating that is neither a known word nor a number on
a scale maps to nothing: the claim stays ``new``, with the rating in its history note.

The stance of the fact check as evidence: ``verified`` supports the claim, ``false`` refutes it,
anything else is context.
"""

from __future__ import annotations

import re

from claimtrack.domain import ClaimStatus, Stance

_PHRASES: list[tuple[str, ClaimStatus]] = [
    *[
        (p, ClaimStatus.UNVERIFIABLE)
        for p in (
            "insufficient evidence",
            "research in progress",
            "cannot be verified",
            "can't be verified",
            "no evidence",
            "unproven",
            "unverified",
            "unverifiable",
            "unsupported",
            "unclear",
        )
    ],
    *[
        (p, ClaimStatus.FALSE)
        for p in (
            "not true",
            "pants on fire",
            "untrue",
            "fake",
            "fabricated",
            "hoax",
            "incorrect",
            "inaccurate",
            "wrong",
            "baseless",
            "debunked",
            "scam",
        )
    ],
    *[
        (p, ClaimStatus.MISLEADING)
        for p in (
            "mostly false",
            "partly false",
            "partially false",
            "missing context",
            "out of context",
            "lacks context",
            "exaggerated",
            "exaggeration",
            "distorted",
            "cherry picked",
            "manipulated",
            "altered",
            "misleading",
            "satire",
        )
    ],
    *[
        (p, ClaimStatus.DISPUTED)
        for p in (
            "half true",
            "partly true",
            "partially true",
            "needs context",
            "mixture",
            "mixed",
            "disputed",
            "contested",
        )
    ],
    (("false"), ClaimStatus.FALSE),
    *[(p, ClaimStatus.VERIFIED) for p in ("mostly true", "true", "correct", "accurate", "verified", "confirmed")],
]
_PATTERNS = [(re.compile(rf"(?<![a-z]){re.escape(p)}(?![a-z])"), status) for p, status in _PHRASES]


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[-_/’'!.,:;()]+", " ", text.casefold()).split())


def status_from_words(text: str | None) -> ClaimStatus | None:
    """The status a rating's words name, or ``None`` when they name none claimtrack knows."""
    if not text:
        return None
    norm = _normalise(text)
    for pattern, status in _PATTERNS:
        if pattern.search(norm):
            return status
    return None


def status_from_scale(value: float | None, best: float | None = None, worst: float | None = None) -> ClaimStatus | None:
    """The status for ``value`` on the ``worst``–``best`` scale (default 1–5)."""
    if value is None:
        return None
    best = 5.0 if best is None else best
    worst = 1.0 if worst is None else worst
    if best == worst:
        return None
    fraction = (value - worst) / (best - worst)
    if not 0.0 <= fraction <= 1.0:
        return None
    if fraction < 0.125:
        return ClaimStatus.FALSE
    if fraction < 0.375:
        return ClaimStatus.MISLEADING
    if fraction < 0.625:
        return ClaimStatus.DISPUTED
    return ClaimStatus.VERIFIED


def map_rating(
    words: str | None, value: float | None = None, best: float | None = None, worst: float | None = None
) -> ClaimStatus | None:
    """Words first, then the number on its scale; ``None`` when neither says anything."""
    return status_from_words(words) or status_from_scale(value, best, worst)


def stance_for(status: ClaimStatus | None) -> Stance:
    """What a fact check with this verdict says about the claim, as evidence."""
    if status == ClaimStatus.VERIFIED:
        return Stance.SUPPORTS
    if status == ClaimStatus.FALSE:
        return Stance.REFUTES
    return Stance.CONTEXT
