"""Every window and limit the attribution rules read with, named.

Characters (``*_SPAN``, ``*_MAX`` of characters) bound how far a rule reads from a position, so
that a pathological sentence (megabytes without punctuation) stays linear; word counts bound
how long a phrase may be. The regular expressions of the rule modules are written with these
names too.
"""

from __future__ import annotations

from ..phrases import WINDOW  # noqa: F401  (characters read around a position; re-exported)

# --- any rule ---------------------------------------------------------------------------------

#: A content span needs at least this many words (``context.enough``).
MIN_CONTENT_WORDS = 2
#: "According to X, ..." and "It was reported that ...": a content of at least this many
#: characters.
MIN_CONTENT_CHARS = 2
#: Characters read when counting the words of a claim or a clause.
WORD_COUNT_SPAN = 200
#: A trailing speaker's claim and an article-voice clause have at least this many words.
MIN_CLAIM_WORDS = 4
#: Characters read back for the word before a verb.
PREV_WORD_SPAN = 30

# --- the sentence -----------------------------------------------------------------------------

#: "While Lee argued X, Ruiz said Y": the fronted clause's comma within this many characters of
#: the sentence start.
FRONT_CLAUSE_MAX = 150
#: "On Monday, Mayor Ruiz called ...": the comma after an introductory word within this many
#: characters (``common.sentence_subject``).
INTRO_COMMA_MAX = 120

# --- according to, colon sources --------------------------------------------------------------

#: "According to documents from X, a friend of Y, the ...": the comma that ends a sentence-initial
#: source within this many characters after "according to".
ACCORDING_SOURCE_MAX = 150
#: "City Hall: ...": the colon within this many characters of the sentence start.
COLON_SOURCE_MAX = 80
#: At most this many more words after the first of a colon source's name.
COLON_NAME_MAX_WORDS = 5

# --- speech verbs -----------------------------------------------------------------------------

#: Characters read back for "and"/"but" before a verb coordinated with the main one.
COORD_SPAN = 30
#: Characters read back for "is/was" and an adverb before a verb ("was first reported by").
BE_ADVERB_SPAN = 40
#: Characters read back for "and"/"but" before a verb without a subject of its own.
AND_BEFORE_SPAN = 20
#: Characters read after a verb for "that", an infinitive or "called on X to".
AFTER_VERB_SPAN = 120
#: "said (last week) that": at most this many words between the verb and "that".
THAT_GAP_MAX_WORDS = 5
#: "warned citizens to leave": at most this many words between the verb and "to".
INFINITIVE_GAP_MAX_WORDS = 6
#: "called on the city council to": one to this many words between "on" and "to".
CALL_ON_MAX_WORDS = 6
#: ", said the minister": an inverted speaker after a plain comma has at most this many words,
#: and at most ``INVERTED_SPEAKER_MAX_WORDS_AFTER_SUBJECT`` when the verb has a subject before it.
INVERTED_SPEAKER_MAX_WORDS = 6
INVERTED_SPEAKER_MAX_WORDS_AFTER_SUBJECT = 3
#: "CONTENT, X said": at most this many words after the verb (else the content follows it).
SAID_TAIL_MAX_WORDS = 12
#: ... and at least this many words before the comma (fewer is a fronted phrase: "On Monday, X
#: said ...").
CONTENT_BEFORE_SPEAKER_MIN_WORDS = 3
#: "In fact, the plans would change little, analysts say": a clause of at least this many words
#: after the fronted phrase, and at most ``FRONTED_TAIL_MAX_WORDS`` words in the next
#: ``FRONTED_TAIL_SPAN`` characters after the verb.
FRONTED_CLAUSE_MIN_WORDS = 4
FRONTED_TAIL_SPAN = 80
FRONTED_TAIL_MAX_WORDS = 6
#: "Mr. Cruz, whose third-place finish was seen as a disappointment, said": a name of at most
#: ``RELATIVE_NAME_MAX_WORDS`` more words, then an aside of at most ``RELATIVE_ASIDE_MAX``
#: characters.
RELATIVE_NAME_MAX_WORDS = 5
RELATIVE_ASIDE_MAX = 250

# --- participles ------------------------------------------------------------------------------

#: ", telling reporters that ...": one to this many words between "telling" and "that" or a quotation.
TELLING_ADDRESSEE_MAX_WORDS = 3

# --- passives ---------------------------------------------------------------------------------

#: "was appointed to the court by": at most this many words between the participle and "by".
PASSIVE_BY_GAP_MAX_WORDS = 5

# --- actions ----------------------------------------------------------------------------------

#: "Rubio’s response": at most this many more capitalised words in the possessor, and
#: ``POSSESSIVE_MODIFIER_MAX_WORDS`` words between it and the statement noun.
POSSESSOR_MAX_WORDS = 4
POSSESSIVE_MODIFIER_MAX_WORDS = 2

# --- polls ------------------------------------------------------------------------------------

#: "In a CBS News poll released Monday, ...": at most this many words between the determiner and
#: the poll noun, and at most ``POLL_TAIL_MAX`` characters of tail before the comma.
POLL_MODIFIER_MAX_WORDS = 8
POLL_TAIL_MAX = 60
#: "... in a Gazette poll": at most this many words before the poll noun, and one to
#: ``POLL_INSIDE_TAIL_MAX_WORDS`` words of tail after its first word.
POLL_INSIDE_MODIFIER_MAX_WORDS = 6
POLL_INSIDE_TAIL_MAX_WORDS = 5
#: Characters of a sentence searched for a poll in mid-sentence.
POLL_INSIDE_SPAN = 400

# --- trailing speakers ------------------------------------------------------------------------

#: Characters at the end of a sentence searched for the comma before a trailing speaker.
TRAILING_SPAN = 160
#: The last this-many commas there are tried ("..., Dean, the former governor, proclaimed").
TRAILING_MAX_COMMAS = 3
#: After the last comma, at most this many spaces (a short "X <verb> [time or place]").
TRAILING_MAX_SPACES = 16
#: The comma at least this many characters into the sentence.
TRAILING_MIN_OFFSET = 12
#: After the verb, at most this many words (a phrase of place, time or manner).
TRAILING_MAX_TAIL_WORDS = 8
#: An attributed sentence is tested for an outer trailing speaker when ", " occurs in its last
#: this-many characters.
OUTER_SPEAKER_SPAN = 80

# --- clauses ----------------------------------------------------------------------------------

#: At most this many clause breaks per sentence.
MAX_CLAUSES = 4
#: ", which the union opposed": the relative word at least this many characters into the
#: sentence.
RELATIVE_MIN_OFFSET = 20
#: Characters after the relative word searched for its verb.
RELATIVE_VERB_SPAN = 80
#: The relative clause's speaker has at most this many words.
RELATIVE_SPEAKER_MAX_WORDS = 6
#: A clause's own speaker opens it: at most this many words between the break and the speaker...
CLAUSE_SPEAKER_MAX_OFFSET_WORDS = 3
#: ... or what it says starts at most this many characters after the break.
CLAUSE_CONTENT_MAX_OFFSET = 2
