"""Word lists shared by the extractor's modules.

Everything here is plain data so that it is easy to extend (or to replace with lists learned from
an annotated corpus). The regexes built from these lists live next to the code that uses them.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------
# Sentence splitting
# --------------------------------------------------------------------------------------------

#: Titles before a name: a period after them never ends a sentence ("Dr. Smith").
TITLES = frozenset(
    """mr mrs ms mx dr prof sen sens rep reps gov gen lt col maj capt cpt sgt cmdr adm gens
    rev fr hon pres supt insp det cpl pvt mme mlle messrs st sr jr""".split()
)

#: Abbreviations usually followed by a number ("Sept. 11", "No. 5", "p. 12").
NUMBER_ABBREVIATIONS = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec no nos vol vols p pp fig figs art
    sec ch pt para""".split()
)

#: Other abbreviations. After them a sentence ends only if the next word is a typical sentence
#: opener ("... in the U.S. The ministry ..."). Dotted acronyms ("U.S.", "a.m.") are treated the
#: same way without being listed.
OTHER_ABBREVIATIONS = frozenset(
    """etc inc corp ltd co plc llc bros vs approx dept est govt univ ave blvd rd mt ft
    assn intl natl cf al""".split()
)

#: Abbreviations after which a sentence never ends.
NEVER_FINAL = frozenset("e.g i.e viz cf".split())

#: Capitalised words that typically open a sentence (used to decide "U.S. The ..." splits).
SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our my this that these those there
    but and or so yet however meanwhile in on at after before when while as if since although
    though because according some many most several one two three four five officials
    earlier later last still also then""".split()
)

# --------------------------------------------------------------------------------------------
# Attribution
# --------------------------------------------------------------------------------------------

#: Reporting verbs (the forms the extractor recognises, lower-case, case-sensitive match).
REPORTING_VERBS = tuple(
    """said says say told tells added adds noted notes reported reports warned warns claimed
    claims described describes stated states announced announces argued argues insisted insists
    alleged alleges wrote writes explained explains confirmed confirms acknowledged acknowledges
    asserted asserts declared declares revealed reveals admitted admits stressed stresses
    emphasised emphasized emphasises emphasizes underscored underscores tweeted tweets estimated
    estimates predicted predicts testified testifies observed observes recalled recalls conceded
    concedes maintained maintains countered counters replied replies concluded concludes
    disclosed discloses contended contends accused accuses suggested suggests indicated
    indicates assured assures promised promises vowed vows boasted boasts complained complains
    cautioned cautions exclaimed exclaims remarked remarks commented comments retorted retorts
    shouted yelled whispered cried mused recalled""".split()
) + ("pointed out", "points out", "went on to say", "goes on to say")

#: Verbs of stance, belief and evidence that also attribute a claim to their subject ("The senator
#: believes ...", "The poll showed ...", "The mayor called the plan “reckless”"). Chosen from the cues
#: annotated in PolNeAR's training split; forms that are mostly nouns ("questions", "charges",
#: "posts") and verbs of knowing ("knew") are left out.
STANCE_VERBS = tuple(
    """want wants wanted believe believes believed think thinks thought feel feels felt hope
    hopes hoped fear fears feared expect expects expected show shows showed found finds urged
    urges accused criticized criticised criticizes criticises praised praises called calls agreed
    proposed proposes blamed blames questioned demanded demands pledged pledges denounced
    denounces slammed slams blasted responded responds answered continued recounted reiterated
    reiterates repeated mentioned emailed wondered wonders worried doubted joked jokes quipped
    lamented laments charged signalled signaled hinted hints implied implies guessed reckoned
    reckons projected forecast determined learned endorsed endorses foretell foretells mocked
    mocks ridiculed ridicules insist asked declined opposed opposes refused refuses supported
    supports defended defends offered cited cites argue suggest sought seeks expressed decried
    attacked condemned condemns assailed reminded posted alleging quoted highlighted preferred
    prefer prefers""".split()
)

#: Verbs that also take an object + infinitive ("warned citizens to leave", "told him to go"):
#: in that construction they are directives, not reports of a claim.
DIRECTIVE_VERBS = frozenset(
    "warned warns told tells assured assures promised promises vowed vows cautioned cautions asked asks "
    "urged urges".split()
)

#: Passive report constructions: "It was reported that ...".
PASSIVE_REPORT_VERBS = ("reported", "claimed", "alleged", "said", "rumoured", "rumored",
                        "understood", "believed", "thought", "suggested", "announced")

#: Words that may stand between the subject and the reporting verb and are not part of the
#: subject ("the ministry also said", "he has repeatedly claimed").
SUBJECT_TRAILERS = frozenset(
    """also has have had previously earlier later repeatedly reportedly allegedly publicly
    separately then once recently further first initially subsequently again already quickly
    swiftly immediately officially formally simply just only even still now however
    himself herself itself themselves privately openly flatly""".split()
)

#: Words that never end a subject noun phrase.
NOT_SUBJECT_END = frozenset(
    """the a an of to in on at for with by from and or but nor that which who whom whose this
    these those its his her their our my your not no as than if when while because so into
    onto upon about over under after before between among against during without within via
    per""".split()
)

#: Finite "be" forms: a candidate subject containing one is really a clause.
BE_FORMS = frozenset("is was were are be been being am".split())

#: Words that negate or de-realise a following verb ("did not say", "refused to deny").
NEGATORS = frozenset("not n't never no cannot to will would could might may can should shall must".split())

#: Words that end a noun phrase read after a verb ("said Ned Price in an interview").
NP_STOPWORDS = frozenset(
    """in at on during after before while when who whom which whose as last yesterday today
    tonight earlier later this that told adding according because since and but or to for
    from with without about via late early""".split()
)

#: Words that may open a speaker noun phrase placed after the verb ("said the minister").
NP_OPENERS = frozenset(
    "the a an his her its their our this that these those one two three several some".split()
)

#: Pronouns resolved to the last named person when they are the speaker.
PERSON_PRONOUNS = frozenset({"he", "she"})
OTHER_PRONOUNS = frozenset({"they", "it", "we", "i", "you"})

#: Head words that mark an organisation or a document rather than a person.
ORG_WORDS = frozenset(
    """ministry department agency office government administration times post news network
    council committee party company corporation corp inc ltd group bank university institute
    embassy police army military court commission board media press tv radio service agency
    house senate congress parliament kremlin pentagon reuters ap afp xinhua tass""".split()
)

# --------------------------------------------------------------------------------------------
# Hedges and disputes
# --------------------------------------------------------------------------------------------

#: Hedge/dispute cue phrases: surface form (regex, case-insensitive) -> canonical cue.
HEDGE_CUES: dict[str, str] = {
    r"unverified": "unverified",
    r"unconfirmed": "unconfirmed",
    r"unsubstantiated": "unsubstantiated",
    r"allegedly": "allegedly",
    r"alleged": "alleged",
    r"alleges": "alleged",
    r"reportedly": "reportedly",
    r"reported": "reported",
    r"purportedly": "purportedly",
    r"purported": "purported",
    r"supposedly": "supposedly",
    r"ostensibly": "ostensibly",
    r"apparently": "apparently",
    r"claimed": "claimed",
    r"claims": "claimed",
    r"rumou?red": "rumoured",
    r"denied": "denied",
    r"denies": "denied",
    r"disputed": "disputed",
    r"rejected": "rejected",
    r"dismissed": "dismissed",
    r"refuted": "refuted",
    r"debunked": "debunked",
    r"false": "false",
    r"falsely": "falsely",
    r"untrue": "untrue",
    r"baseless": "baseless",
    r"groundless": "groundless",
    r"unfounded": "unfounded",
    r"misleading": "misleading",
    r"fabricated": "fabricated",
    r"without (?:providing |offering |citing )?(?:any )?evidence": "without evidence",
    r"(?:could|can|cannot|can't|could\s+not)\s+(?:not\s+)?(?:be\s+)?(?:independently\s+)?"
    r"(?:verif(?:y|ied)|confirm(?:ed)?)": "could not be verified",
    r"(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+(?:independently\s+)?(?:verified|confirmed)":
        "could not be verified",
}

#: Verbs that dispute an earlier claim, by form -> lemma-ish cue (as the contract asks for it).
DISPUTE_VERBS: dict[str, str] = {
    "denied": "denied", "denies": "denied", "deny": "denied",
    "rejected": "rejected", "rejects": "rejected", "reject": "rejected",
    "disputed": "disputed", "disputes": "disputed", "dispute": "disputed",
    "dismissed": "dismissed", "dismisses": "dismissed", "dismiss": "dismissed",
    "refuted": "refuted", "refutes": "refuted", "refute": "refuted",
    "rebutted": "rebutted", "rebuts": "rebutted",
    "contradicted": "contradicted", "contradicts": "contradicted",
    "debunked": "debunked", "debunks": "debunked",
}

#: Dispute verbs that need a claim-like object ("rejected the report", not "rejected the bill").
#: "denied" counts on its own.
DISPUTE_NEEDS_OBJECT = frozenset(
    "rejected rejects reject dismissed dismisses dismiss disputed disputes dispute contradicted "
    "contradicts".split()
)

#: Nouns that name a claim ("denied the report", "rejected the allegations").
CLAIM_NOUNS = (
    "reports?", "claims?", "allegations?", "accounts?", "accusations?", "assertions?",
    "stor(?:y|ies)", "statements?", "figures?", "numbers?", "charges?", "suggestions?",
    "rumou?rs?", "idea", "notion", "characteri[sz]ations?", "news",
)

#: Adjectives that call a claim false ("called it false", "said the report was baseless").
FALSITY_WORDS: dict[str, str] = {
    "false": "false", "untrue": "untrue", "not true": "false", "fake": "false",
    "fake news": "false", "baseless": "baseless", "groundless": "groundless",
    "unfounded": "unfounded", "fabricated": "fabricated", "a fabrication": "fabricated",
    "a lie": "false", "lies": "false", "nonsense": "false", "wrong": "false",
    "inaccurate": "false", "incorrect": "false", "misinformation": "false",
    "disinformation": "false", "misleading": "misleading", "a hoax": "false",
}

# --------------------------------------------------------------------------------------------
# Lines that are never claims
# --------------------------------------------------------------------------------------------

#: A paragraph starting with one of these labels is a byline/credit line.
BYLINE_LABELS = (
    "authors?", "written by", "reporting by", "additional reporting(?: by)?", "edited by",
    "editing by", "compiled by", "photos?(?: by)?", "photograph(?:s|y)?(?: by)?", "source",
    "sources", "credits?", "copyright", "©", "updated", "published", "posted", "follow us",
    "contact", "read more", "related",
)

#: Verbs of a stance or a political act ("The senator endorsed Cruz", "the donor pleaded guilty",
#: "56 percent would vote for her", "a group backing the governor"). A sentence that has no
#: reporting or stance verb but one of these, with a noun-phrase subject, is attributed to that
#: subject (the claim stays the whole sentence). Chosen from the kinds of cues annotated in
#: PolNeAR's training split; verbs of plain action ("made", "took", "went", "faced") are left
#: out, so "X has been facing growing suspicion" stays in the article's voice.
ACTION_VERBS = tuple(
    """
    back backs backed backing support supports supporting endorse endorsing oppose opposing
    pledging pushed pushes pushing push demand demanded demanding promising vowing accusing
    admit admitted admitting acknowledging predicting estimating suggesting propose proposing
    reject rejects rejected rejecting touted touts touting criticize criticise criticizing
    criticising attack attacking challenged challenging questioning praising welcomed welcomes
    welcoming condemned condemning applauded applauds applauding hailed hails hailing
    threatened threatens threatening dismissed dismisses favored favors favoured favours favor
    favour approve approved approves disapprove disapproved disapproves approving favoring
    opposes emphasizing emphasising recommended recommends urging blamed blaming defending
    defended defends countering mocking blasting slamming praised endorsed supported opposed
    calling claim claiming boasting boast warning warn insisting arguing reflecting mentioned
    plead pleads pleaded pleading vote voted voting
    highlighting conceding admits acknowledge acknowledges
    """.split()
)

#: Head nouns of a person or body that can hold a stance ("voters backed", "the donor pleaded"):
#: an action verb's subject must contain a name (a capitalised word) or end in one of these.
AGENT_NOUNS = frozenset(
    """voter voters official officials supporter supporters critic critics donor donors group
    groups campaign campaigns committee administration poll polls survey surveys percent
    majority minority residents leaders leader lawmakers lawmaker members member advocates
    activists activist experts expert analysts analyst delegates delegate candidates candidate
    senator senators governor governors president mayor spokesman spokeswoman spokesperson aide
    aides adviser advisers advisor advisors party parties nominee nominees rival rivals
    opponent opponents challenger frontrunner front-runner businessman billionaire mogul
    lawyer lawyers attorney attorneys prosecutor prosecutors judge judges court jury defendant
    union unions company companies firm firms agency department ministry government police
    military army study report data respondents republicans democrats conservatives liberals
    progressives evangelicals americans people pastor bishop economist economists
    researchers scientists strategist strategists pollster pollsters organizers organization
    organizations coalition pac pacs network newspaper paper magazine board council
    congressman congresswoman congressmen representative representatives speaker chairman
    chairwoman chair director secretary minister ambassador commissioner diplomat diplomats
    protesters demonstrators workers employees teachers students parents families family
    veterans women men someone everyone many most some others
    he she they""".split()
)
