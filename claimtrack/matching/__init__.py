"""Matching claims against earlier checks (issue 15): normalisation, claim features, a re-ranker.

``rank(query, candidates)`` re-ranks candidates found by a full-text index. Nothing here touches a
database or the network: the embedding model is the one wordllama ships in its wheel, and the
re-ranker's weights are ``weights.json`` beside this file.
"""

from claimtrack.matching.embedding import ModelMissingError
from claimtrack.matching.rerank import FEATURES, Candidate, Query, Reranker, default_reranker, rank, rank_lists

__all__ = ["FEATURES", "Candidate", "ModelMissingError", "Query", "Reranker", "default_reranker", "rank", "rank_lists"]
