"""Claim extraction: propose the check-worthy claims of an article, with who makes them.

Pure standard library. See ``docs/extraction.md`` for how it works.

>>> claims = extract_claims("The ministry said that 12 people were injured on Monday.")
>>> claims[0].text, claims[0].claimant, claims[0].cue
('12 people were injured on Monday', 'The ministry', 'said')
"""

from .extractor import DEFAULT_CLAIMANT, extract_claims
from .scoring import CHECK_WORTHY_THRESHOLD, score_sentence
from .sentences import split_sentences
from .types import ProposedClaim

__all__ = [
    "CHECK_WORTHY_THRESHOLD",
    "DEFAULT_CLAIMANT",
    "ProposedClaim",
    "extract_claims",
    "score_sentence",
    "split_sentences",
]
