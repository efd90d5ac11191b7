"""Attribution: who says what in a sentence.

``analyse_sentence`` reads one sentence with the rule table (``table.py``) and returns its
attributions (claimant, cue and the content span); the extractor carries speakers over between
sentences. Steps in full: ``docs/extraction.md``, "Attribution"; how to add a rule: "Adding a
rule" there.

Layout:

* ``context.py``: ``SentenceContext`` (text, sentence bounds, quotations) and its helpers;
* ``results.py``: ``Attribution``, ``Cut``, ``SentenceAnalysis``;
* ``limits.py``: every window and limit, named; the word lists are in ``lexicon.py``;
* ``common.py``: readers shared by the families (verb patterns, content after a verb, subjects);
* one module per family: ``according.py`` (according to, colon sources), ``passives.py``,
  ``speech.py`` (reporting and stance verbs, directives), ``participles.py``, ``clauses.py``
  (clause split, relative clauses), ``trailing.py``, ``actions.py`` (stances and acts,
  title-case lines, possessives), ``main_clause.py``, ``polls.py``, ``speakerless.py``;
* ``table.py``: the ordered rule table, the named override steps and ``analyse_sentence``.

Noun-phrase helpers (``phrases.py``) and the main-clause reader (``subjects.py``) stay beside
this package: dispute detection and the extractor use them too.
"""

from .common import ALL_VERBS, is_person, sentence_subject, trie_pattern
from .context import SentenceContext, trim
from .limits import MAX_CLAUSES
from .results import Attribution, Cut, SentenceAnalysis
from .table import FALLBACKS, FINAL_STEPS, SOURCES, SPEECH, SPEECH_STEPS, analyse_sentence

__all__ = [
    "ALL_VERBS",
    "FALLBACKS",
    "FINAL_STEPS",
    "MAX_CLAUSES",
    "SOURCES",
    "SPEECH",
    "SPEECH_STEPS",
    "Attribution",
    "Cut",
    "SentenceAnalysis",
    "SentenceContext",
    "analyse_sentence",
    "is_person",
    "sentence_subject",
    "trie_pattern",
    "trim",
]
