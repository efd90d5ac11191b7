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
NEVER_FINAL = frozenset("e.g i.e viz cf v".split())  # "v": a court case, "Roe v. Wade"

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
    shouted yelled whispered cried mused""".split()
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
#: in that construction they are directives: the whole sentence is the subject's position, with no
#: reported content to cut out.
DIRECTIVE_VERBS = frozenset(
    "warned warns told tells assured assures promised promises vowed vows cautioned cautions asked asks "
    "urged urges".split()
)

#: Passive report constructions: "It was reported that ...".
PASSIVE_REPORT_VERBS = (
    "reported",
    "claimed",
    "alleged",
    "said",
    "rumoured",
    "rumored",
    "understood",
    "believed",
    "thought",
    "suggested",
    "announced",
)

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
NP_OPENERS = frozenset("the a an his her its their our this that these those one two three several some".split())

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
    r"(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+(?:independently\s+)?(?:verified|confirmed)": "could not be verified",
}

#: Verbs that dispute an earlier claim, by form -> lemma-ish cue (as the contract asks for it).
DISPUTE_VERBS: dict[str, str] = {
    "denied": "denied",
    "denies": "denied",
    "deny": "denied",
    "rejected": "rejected",
    "rejects": "rejected",
    "reject": "rejected",
    "disputed": "disputed",
    "disputes": "disputed",
    "dispute": "disputed",
    "dismissed": "dismissed",
    "dismisses": "dismissed",
    "dismiss": "dismissed",
    "refuted": "refuted",
    "refutes": "refuted",
    "refute": "refuted",
    "rebutted": "rebutted",
    "rebuts": "rebutted",
    "contradicted": "contradicted",
    "contradicts": "contradicted",
    "debunked": "debunked",
    "debunks": "debunked",
}

#: Dispute verbs that need a claim-like object ("rejected the report", not "rejected the bill").
#: "denied" counts on its own.
DISPUTE_NEEDS_OBJECT = frozenset(
    "rejected rejects reject dismissed dismisses dismiss disputed disputes dispute contradicted contradicts".split()
)

#: Nouns that name a claim ("denied the report", "rejected the allegations").
CLAIM_NOUNS = (
    "reports?",
    "claims?",
    "allegations?",
    "accounts?",
    "accusations?",
    "assertions?",
    "stor(?:y|ies)",
    "statements?",
    "figures?",
    "numbers?",
    "charges?",
    "suggestions?",
    "rumou?rs?",
    "idea",
    "notion",
    "characteri[sz]ations?",
    "news",
)

#: Adjectives that call a claim false ("called it false", "said the report was baseless").
FALSITY_WORDS: dict[str, str] = {
    "false": "false",
    "untrue": "untrue",
    "not true": "false",
    "fake": "false",
    "fake news": "false",
    "baseless": "baseless",
    "groundless": "groundless",
    "unfounded": "unfounded",
    "fabricated": "fabricated",
    "a fabrication": "fabricated",
    "a lie": "false",
    "lies": "false",
    "nonsense": "false",
    "wrong": "false",
    "inaccurate": "false",
    "incorrect": "false",
    "misinformation": "false",
    "disinformation": "false",
    "misleading": "misleading",
    "a hoax": "false",
}

# --------------------------------------------------------------------------------------------
# Lines that are never claims
# --------------------------------------------------------------------------------------------

#: A paragraph starting with one of these labels is a byline/credit line.
BYLINE_LABELS = (
    "authors?",
    "written by",
    "reporting by",
    "additional reporting(?: by)?",
    "edited by",
    "editing by",
    "compiled by",
    "photos?(?: by)?",
    "photograph(?:s|y)?(?: by)?",
    "source",
    "sources",
    "credits?",
    "copyright",
    "©",
    "updated",
    "published",
    "posted",
    "follow us",
    "contact",
    "read more",
    "related",
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
    veterans women men someone everyone many most some others leadership
    authority authorities office bureau foundation association federation institute center centre
    hospital school club team league charity regulator regulators watchdog agencies ministries
    departments governments courts
    he she they""".split()
)

# --------------------------------------------------------------------------------------------
# Main-clause subjects (the last-resort attribution of ``subjects.py``)
# --------------------------------------------------------------------------------------------

#: Common English irregular past-tense forms and past participles (a finite verb after a
#: subject: "the senator took to Twitter", "the FBI has found"). Forms that are also common
#: nouns or adjectives ("left", "saw", "lay", "bore", "wound", "lit") are left out.
IRREGULAR_VERBS = frozenset(
    """arose awoke became began bent bled blew broke bred brought built burnt burst bought
    caught chose clung came crept dealt dug dove drew dreamt drank drove ate fell fed felt
    fought found fled flung flew forbade forgot forgave froze got gave went grew hung heard hid
    held knelt knew laid led leapt lent meant met paid quit rode rose ran said sought sold sent
    shook shone shot shrank sang sank sat slept slid spoke sped spent spun spat sprang stood
    stole stuck stung struck strove swore swept swam swung took taught tore told thought threw
    understood undertook upheld woke wore wept won withdrew withheld wrote overtook overcame
    oversaw foresaw mistook misled rebuilt retook rewrote made kept put set hit cut let cast
    spread lost left beat bet""".split()
)

#: Past participles of irregular verbs (finite only after "has/have/had": "has written").
IRREGULAR_PARTICIPLES = frozenset(
    """arisen awoken beaten become begun bitten blown broken chosen done drawn driven eaten
    fallen forbidden forgotten forgiven frozen gotten given gone grown hidden known ridden risen
    seen shaken shown spoken stolen sworn taken thrown torn worn written undertaken overtaken
    withdrawn overseen mistaken""".split()
)

#: Words ending in "-ed" that are not past tenses.
NOT_PAST_ED = frozenset(
    """need seed speed feed breed greed bleed embed bed red shed hundred sacred naked wicked
    kindred wed sled shred""".split()
)

#: Base forms read as a finite verb after a plural subject ("Republicans want ...", "voters
#: say ...", "critics fear ..."): verbs of saying, thinking, wanting, stance and decision.
BASE_VERBS = frozenset(
    """say tell add note report warn claim describe state announce argue insist allege write
    explain confirm acknowledge assert declare reveal admit stress tweet estimate predict testify
    recall concede maintain counter reply conclude disclose contend accuse suggest indicate
    assure promise vow boast complain caution want believe think feel hope fear expect show
    find urge criticize criticise praise call agree disagree propose blame question demand
    pledge denounce slam blast respond answer continue repeat mention wonder worry doubt joke
    lament charge signal hint imply guess project determine learn endorse mock ridicule insist
    ask decline oppose refuse support defend offer cite argue seek express decry attack condemn
    remind post quote highlight prefer plan intend favor favour back reject deny dispute
    dismiss welcome applaud hail threaten approve disapprove recommend push press lobby campaign
    vote decide choose sue object protest push view regard see consider know understand
    recognize recognise accept like love hate dislike trust distrust credit thank fault attribute
    suspect speculate insist acknowledge emphasize emphasise point describe paint portray
    characterize characterise frame label brand dub""".split()
)

#: Adjectives and participles after "is/was/are/were" that state a stance of the subject
#: ("The senator was adamant that ...", "Voters are worried about ..."). Predictions about the
#: subject ("expected", "likely", "set to", "poised") are not stances and are not listed.
STANCE_ADJECTIVES = frozenset(
    """willing unwilling eager keen reluctant determined confident convinced sure unsure
    adamant opposed committed open quick careful critical skeptical sceptical wary angry
    furious upset concerned worried proud optimistic pessimistic hopeful frustrated outraged
    disappointed unhappy pleased satisfied dissatisfied supportive silent prepared ready
    clear insistent emphatic blunt candid vocal outspoken dismissive unapologetic defiant
    undecided uncommitted divided split torn united unanimous certain doubtful aware unaware
    happy glad sorry alarmed troubled hesitant nervous fearful afraid enthusiastic excited
    grateful thankful resolute firm against upbeat sympathetic uneasy hostile receptive cautious
    bullish bearish positive negative ambivalent lukewarm suspicious fond leery weary anxious
    scared intent bent loath averse dubious incredulous indignant irate livid""".split()
)

#: Head nouns of documents and statements that can be a source ("the ad claims", "the report
#: found", "his remarks drew ...").
DOCUMENT_NOUNS = frozenset(
    """ad ads advert advertisement commercial commercials spot report reports study studies
    poll polls survey surveys analysis review audit memo letter letters statement statements
    release filing filings lawsuit suit complaint indictment ruling opinion decision order
    website site article story editorial column op-ed newspaper paper magazine book books
    biography memoir documentary video film show program programme broadcast tweet tweets post
    posts email emails message messages speech speeches remarks comments interview interviews
    testimony transcript platform manifesto plan proposal proposals budget data figures numbers
    records documents document emails petition resolution bill legislation campaign
    headline headlines press media outlet outlets network networks channel blog answer answers
    response responses reply argument arguments claim claims pitch address announcement
    announcements warning warnings verdict finding findings conclusion""".split()
)

#: Words that open a fronted adverbial or prepositional phrase or subordinate clause ("In a
#: speech on Friday, ...", "During his 2008 campaign, ...", "While the House debated, ...").
FRONTED_OPENERS = frozenset(
    """in on at after before during while when as since although though because despite amid
    amidst following with without under over for from by like unlike throughout within
    across along among between beyond against toward towards until upon once if unless whether
    even earlier later last next this that these those yesterday today tonight now then
    meanwhile however still also instead indeed moreover furthermore separately elsewhere
    nevertheless nonetheless overall ultimately eventually finally first second third
    recently previously already again soon shortly days weeks months years hours minutes
    two three four five six seven eight nine ten back so just only according together""".split()
)

#: Capitalised words that are not agents when they head a subject ("Monday was ...").
NOT_AGENT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow
    it there this that these those what which here such each""".split()
)

#: Verbs of plain action, movement, result, position or state ("won the primary", "came
#: second", "became the nominee", "served two terms", "met the governor", "faced criticism"):
#: a subject doing one of these is not stating or deciding anything, so the main-clause
#: fallback leaves such a sentence in the article's voice. Every form is listed.
PLAIN_VERBS = frozenset(
    """win wins won winning lose loses lost losing come comes came coming become becomes became
    becoming work works worked working meet meets met meeting receive receives received
    receiving join joins joined joining capture captures captured capturing face faces faced
    facing earn earns earned earning finish finishes finished finishing serve serves served
    serving visit visits visited visiting pay pays paid paying lead leads led leading hold holds
    held holding get gets got gotten getting enter enters entered entering struggle struggles
    struggled struggling do done doing marry marries married marrying defeat defeats defeated
    defeating stop stops stopped stopping build builds built building gain gains gained gaining
    score scores scored scoring dominate dominates dominated dominating rise rises rose risen
    rising drop drops dropped dropping fall falls fell fallen falling appear appears appeared
    appearing seem seems seemed seeming sit sits sat sitting pick picks picked picking resign
    resigns resigned resigning move moves moved moving live lives lived living grow grows grew
    grown growing die dies died dying travel travels traveled travelled traveling travelling
    arrive arrives arrived arriving attend attends attended attending carry carries carried
    carrying trail trails trailed trailing own owns owned owning sell sells sold selling buy
    buys bought buying drive drives drove driven driving fly flies flew flown flying tie ties
    tied tying edge edges edged edging trounce trounced lock locks locked locking benefit
    benefits benefited benefitted create creates created creating collect collects collected
    gather gathers gathered gathering jump jumps jumped jumping kick kicks kicked kicking trade
    trades traded trading encounter encountered cancel canceled cancelled count counts counted
    raise raises raised raising turn turns turned turning step steps stepped stepping bring
    brings brought bringing need needs needed go going being having run runs ran running
    star stars starred end ends ended ending break breaks broke broken breaking return returns
    returned returning prepare prepares prepared preparing spend spending sharpen sharpened
    sharpens open opens opened opening draw draws drew drawn drawing advance advances advanced extend extends extended
    like likes include includes included including fare fares fared contribute contributes
    contributed""".split()
)

# --------------------------------------------------------------------------------------------
# Attribution rules (``attribution/``): the words each rule family reads
# --------------------------------------------------------------------------------------------

#: The verbs the speech rules read: reporting verbs, then verbs of stance (a form in both lists
#: is one verb).
SPEECH_VERBS = REPORTING_VERBS + STANCE_VERBS

#: Verbs whose object is the addressee, never the speaker: "..., told reporters" is not an
#: inverted "said X".
ADDRESSEE_VERBS = frozenset(
    "told tells asked asks urged urges accused accuses blamed blames praised praises criticized "
    "criticised criticizes criticises called calls".split()
)

#: "called on the council to ...": verbs that take "on/upon X to do Y" as a directive.
CALL_ON_VERBS = frozenset({"called", "calls"})

#: Participles after a comma or dash that report what the speaker before them says (", saying
#: that ...", ", adding ..."), in the order the participle pattern tries them. "pointing out" and
#: "telling X that" are written into the pattern itself (``attribution/participles.py``).
PARTICIPLE_CUES = (
    "saying",
    "adding",
    "noting",
    "arguing",
    "claiming",
    "insisting",
    "warning",
    "explaining",
    "suggesting",
    "writing",
    "declaring",
    "asserting",
    "stressing",
    "acknowledging",
    "admitting",
    "contending",
    "recalling",
    "predicting",
    "calling",
    "citing",
    "accusing",
    "asking",
    "promising",
    "offering",
    "blasting",
    "attacking",
    "stating",
    "vowing",
    "alleging",
    "describing",
    "questioning",
    "denouncing",
    "dismissing",
    "portraying",
    "threatening",
    "urging",
)

#: Finite auxiliaries and modals: the first one after a subject is its verb ("the plan would
#: ...", "Ruiz has ...").
FINITE_FORMS = frozenset("is was were are has have had will would could can did does do may might should must".split())

#: Modal verbs.
MODALS = frozenset("will would could might may can should shall must".split())

#: Words that open an introductory phrase, never a subject ("In Ohio, ...", "Speaking on ...").
INTRO_WORDS = frozenset(
    """in on at after during before speaking asked while when earlier later last yesterday today
    meanwhile however still also then since with without under over for as""".split()
)

#: Determiners and possessives before a noun: a verb form after one is a noun ("the claims").
DETERMINERS = frozenset("the a an this these those his her its their our my your some any".split())

#: Demonstratives: "This week, ..." opens a fronted phrase for the main-clause reader, but never
#: for the fronted-clause and content tests of the speech rules.
DEMONSTRATIVES = frozenset("this that these those".split())

#: Words a source's object clause opens with: "Ruiz, an aide, said that ..." has no inverted
#: speaker after "said".
OBJECT_CLAUSE_OPENERS = ("that ", "how ", "whether ", "if ")

#: Discourse words before a fronted clause ("But while Lee argued X, ...").
FRONT_DISCOURSE_WORDS = ("But", "And", "Yet", "So", "Still", "Now", "Meanwhile", "However")

#: Discourse words before a fronted phrase tested by the trailing speaker ("But in July, ...").
TRAILING_DISCOURSE_WORDS = ("But", "And", "Yet", "So", "Still", "Now", "Then")

#: Labels before a colon that are not a source ("Update: ...", "Photo: ...").
NOT_SOURCE_LABELS = frozenset(
    "update note warning editor correction clarification photo video watch read see breaking "
    "exclusive analysis opinion live".split()
)

#: Labels before a colon opening a transcript paragraph that name no speaker ("UPDATE:", "Q:"),
#: compared in capitals (``subjects.speaker_label``).
NOT_SPEAKER_LABELS = NOT_SOURCE_LABELS | frozenset("editors related more also q a fact check bottom line the".split())

#: Words ending in "-ly" that are not adverbs ("family", "rally", "weekly"): they may end a subject.
LY_NOUNS = frozenset(
    "family ally rally supply assembly reply monopoly anomaly bully belly jelly lily daily weekly "
    "monthly quarterly".split()
)

#: What may follow a trailing speaker's verb: nothing, or a phrase of place, time or manner.
TAIL_OPENERS = frozenset(
    "in on at to during last this after before when while with from for as about earlier later "
    "recently yesterday today tonight".split()
)

#: "-s" forms that are more often plural nouns: a verb only after a name, a pronoun or an agent.
NOUNISH_S_FORMS = frozenset(
    "states reports claims notes calls comments remarks estimates promises fears hopes demands "
    "pledges charges attacks supports wants shows finds".split()
)

#: Words after which a "-s" form of ``NOUNISH_S_FORMS`` is a verb ("it states", "the report
#: finds"), besides ``AGENT_NOUNS`` and ``DOCUMENT_NOUNS``.
SUBJECT_WORDS = frozenset(
    "he she it who which that also now still and but or polling research evidence experience history".split()
)

#: "He's", "that's": contractions, not possessives.
S_CONTRACTIONS = frozenset(
    "he's she's it's that's there's who's what's here's he’s she’s it’s that’s there’s who’s what’s here’s".split()
)

#: Verb forms that are as often nouns ("support", "say", "claim"): a noun after an adjective.
NOUN_LIKE_VERB_FORMS = frozenset(
    "support supports say says claim claims vote votes call calls promise promises demand demands "
    "pledge pledges charge charges attack attacks report reports state states note notes comment "
    "comments estimate estimates hope hopes fear fears want wants show shows".split()
)

#: Adjectives before a verb form that make it a noun ("the final say", "broad support").
ADJECTIVES = frozenset(
    "final full strong broad big bigger biggest great greater greatest many more most much little "
    "enough new own wide widespread public popular early late last first larger largest only any "
    "no".split()
)

#: Endings of a lower-case word of more than four letters that make it an adjective
#: ("financial", "overwhelming").
ADJECTIVE_ENDINGS = ("al", "est", "ful", "ive", "ous", "ble", "ing", "ic", "ary")

#: Participles of statement, stance and decision whose agent is the claimant ("was criticized
#: by", "was appointed by", "is seen by"), besides the "-ed" forms of ``SPEECH_VERBS`` and
#: ``ACTION_VERBS``; acts and results ("was written by", "was won by") are not.
AGENT_PASSIVE_PARTICIPLES = frozenset(
    """appointed nominated named introduced viewed seen considered regarded interpreted perceived
    echoed signed vetoed ordered requested commissioned sponsored funded financed drafted
    authored overturned blocked targeted disputed contradicted rebuffed embraced championed
    pressed lobbied sued investigated ranked rated picked chosen selected elected dubbed labeled
    labelled branded characterized characterised portrayed told invited encouraged pressured
    forced thanked denied refuted debunked""".split()
)

#: Bare forms of ``ACTION_VERBS`` that are never read as a bare verb (past tenses ending in
#: neither "-s", "-ed" nor "-ing").
NOT_BARE_ACTION_FORMS = frozenset("saw spoke gave spent led cast".split())

#: Words before a bare form that make it a noun: "drew support", "roll call vote", "shot back".
NOT_BEFORE_A_VERB = frozenset(
    "call roll drew draw shot their his her its our my your the a an of for from in on broad "
    "strong public popular voter voters' party".split()
)

#: Words before an act verb that negate it ("did not back").
NEGATIONS = frozenset({"not", "never", "no", "cannot", "nor"})

#: Subjects that are never an agent of a stance or act ("It backed ...", "This supports ...").
NOT_AGENT_SUBJECTS = frozenset({"i", "we", "you", "it", "there", "this", "that", "what", "which"})

#: Heads of a poll phrase opening a sentence ("In a CBS News poll released Monday, ..."): regex
#: fragments, in the order the pattern tries them.
POLL_NOUNS = (
    "polls?",
    "survey",
    "surveys",
    "study",
    "report",
    "analysis",
    "data",
    "census",
    "count",
    "tally",
    "estimate",
    "audit",
)
#: Words that may open the tail of such a poll phrase ("released Monday", "by the Gazette").
POLL_TAIL_WORDS = (
    "released",
    "published",
    "conducted",
    "taken",
    "out",
    "issued",
    "by",
    "of",
    "from",
    "in",
    "on",
    "last",
    "this",
)
#: Heads of a poll phrase in mid-sentence ("... in a Gazette poll.").
POLL_INSIDE_NOUNS = ("polls?", "polling", "surveys?", "study", "studies")
#: Words that may open its tail ("in a poll released Monday", "in the polls in Ohio").
POLL_INSIDE_TAIL_WORDS = (
    "released",
    "published",
    "conducted",
    "taken",
    "issued",
    "out",
    "of",
    "from",
    "by",
    "last",
    "this",
    "in",
)
#: Words that end such a tail: the clause goes on with a verb ("in the polls has ...").
POLL_INSIDE_TAIL_STOPS = ("has", "have", "had", "is", "was", "were", "are", "will", "would", "could", "did", "but")

#: Title-case verbs of a headline-style line ("Senator Lee Says The Tax Is Dead").
TITLE_CASE_VERBS = (
    "Says",
    "Said",
    "Tells",
    "Told",
    "Warns",
    "Warned",
    "Claims",
    "Claimed",
    "Wants",
    "Thinks",
    "Believes",
    "Urges",
    "Calls",
    "Slams",
    "Blasts",
    "Defends",
    "Accuses",
    "Vows",
    "Admits",
    "Backs",
    "Endorses",
    "Finds",
    "Found",
    "Explains",
    "Insists",
    "Argues",
    "Predicts",
    "Suggests",
    "Denies",
    "Reveals",
    "Confirms",
    "Announces",
    "Rejects",
    "Praises",
    "Criticizes",
    "Questions",
    "Pledges",
)

#: Nouns of a statement or stance that make their possessor the source ("Rubio’s response was
#: that ...", "The senator’s plan would cut ..."), in the order the pattern tries them.
STANCE_NOUNS = (
    "response",
    "answer",
    "argument",
    "arguments",
    "comment",
    "comments",
    "remark",
    "remarks",
    "statement",
    "statements",
    "view",
    "views",
    "position",
    "message",
    "proposal",
    "proposals",
    "plan",
    "plans",
    "claim",
    "claims",
    "pitch",
    "promise",
    "pledge",
    "case",
    "speech",
    "ad",
    "ads",
    "campaign",
    "website",
    "book",
    "report",
    "letter",
    "tweet",
    "tweets",
    "platform",
    "policy",
    "stance",
    "criticism",
    "attack",
    "attacks",
    "endorsement",
    "complaint",
    "point",
    "suggestion",
    "question",
    "warning",
    "memo",
    "study",
    "analysis",
    "data",
    "poll",
    "survey",
    "testimony",
)

#: Conjunctions after a comma that open a clause of its own ("A said X, while B argued Y").
CLAUSE_BREAK_WORDS = ("while", "whereas", "but", "and", "although", "though", "yet")

#: First words of a speaker right after a relative word ("which the union opposed", "which
#: many residents backed"), besides capitalised words and ``AGENT_NOUNS``.
RELATIVE_SPEAKER_OPENERS = frozenset("he she they the his her their its many some most several".split())

#: Adverbs and auxiliaries between a relative clause's speaker and its verb ("which the union
#: has long opposed").
RELATIVE_SPEAKER_TRAILERS = frozenset(
    "also has have had repeatedly once later previously publicly strongly now still long "
    "reportedly initially first".split()
)


# --------------------------------------------------------------------------------------------
# Claimants that are fragments (the desk's definition: never a claimant)
# --------------------------------------------------------------------------------------------

#: Weather and other forces of nature: a sentence they open ("Storms have caused ...", "Fog
#: delayed 40 flights") is the outlet's report, not their claim.
WEATHER_NOUNS = frozenset(
    """rain rains rainfall snow snowfall snowstorm snowstorms storm storms wind winds gale gales
    flood floods flooding fog heat heatwave drought hail ice lightning thunderstorm
    thunderstorms hurricane hurricanes typhoon typhoons cyclone cyclones tornado tornadoes
    blizzard blizzards frost smog smoke wildfire wildfires earthquake earthquakes tremor
    tremors avalanche avalanches landslide landslides mudslide mudslides weather temperatures
    sunshine""".split()
)

#: Single words that a rule can cut out of an adverbial or a label and mistake for a source:
#: "so far" gives "far", "Looking back:" gives "Looking", a caption's "Image".
FRAGMENT_WORDS = frozenset(
    """far image images photo photos picture video looking speaking writing turning moving going
    coming talking reporting following including regarding considering concerning according
    meanwhile however overall also still yet now then later earlier instead here there thus
    hence indeed moreover furthermore nevertheless nonetheless besides altogether elsewhere
    update updated editor note""".split()
)

#: Words of a time phrase ("last week", "on Monday", "in 2019"): never a claimant.
TIME_WORDS = frozenset(
    """last this next early earlier late later previous past coming following recent week weeks
    weekend month months year years day days decade decades century morning afternoon evening
    night today yesterday tomorrow tonight monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december spring summer autumn fall winter on in at since during until by ago""".split()
)

#: Endings of a lone lower-case word that is an adjective, not a source ("critical", "furious").
#: Not ``ADJECTIVE_ENDINGS``: that list judges the word before a verb form and counts "-ing" and
#: "-ary", which as a lone claimant are as often nouns.
LONE_ADJECTIVE_ENDINGS = ("al", "ous", "ive", "ful", "ible", "able", "ic", "ical", "less", "est")

#: Forms of plain acts and events ("made", "took", "decided", "won", "voted", "seized"): a main
#: clause whose subject does one of these is the outlet's report of the act, not the subject's
#: claim (the desk's definition). Speech, stance, plans and positions are not here.
ACT_VERB_FORMS = frozenset(
    """air aired airs approve approved approves arrest arrested arrests arrive arrived arrives
    attack attacked attacks award awarded awards ban banned bans began begin begins bought build
    builds built buy buys campaigned close closed closes complete completed completes crashed
    crashes damage damaged damages decide decided decides destroy destroyed destroys died dies
    end ended ends enjoyed enjoys experienced fall falls feature featured features fell finished
    finishes fired fires gave get gets give gives goes got grew grow grows had hand handed hands
    has held hire hired hires hit hits hold holds host hosted hosts increase increased increases
    injure injured injures interrupted invest invested invests join joined joins keep keeps kept
    kill killed kills launched launches lead leads leave leaves led left lose loses lost lower
    lowered lowers made make makes meet meets met move moved moves open opened opens order
    ordered orders paid passed passes pay pays play played plays raise raised raises reache
    reached reaches receive received receives reduce reduced reduces remove removed removes
    rescue rescued rescues return returned returns rise rises rose sang score scored scores seize
    seized seizes seizing sell sells send sends sent shoot shoots shot sign signed signs sing
    sings sold spend spends spent start started starts take takes took tossed tosses travel
    traveled travelled travels use used uses vied visit visited visits vote voted votes watched
    watches went win wins won""".split()
)

#: Cues of a courtesy, a pledge or a demand ("thanked", "promised", "urged"): what follows is not
#: check-worthy, whoever says it (the desk's definition: opinion).
COURTESY_CUES = frozenset(
    """thanked thanks thank praised praises congratulated congratulates welcomed welcomes wished
    wishes greeted greets apologised apologized apologises apologizes promised promises pledged
    pledges vowed vows urged urges demanded demands called calls hoped hopes""".split()
)

#: Forms of address and offices that stand before a name ("Mayor Jane Roe", "Professor Chomsky"):
#: kept with the name; after a source named without a comma they open the content instead.
FORMS_OF_ADDRESS = TITLES | frozenset(
    """mayor senator governor president judge justice professor prime minister chairman chief
    general king queen prince pope""".split()
)
