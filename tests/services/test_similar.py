"""Seen before (issue 15): matches found on ingest, decided by a checker, verdicts carried only when asked.

Real databases (a SQLite file and PostgreSQL, the ``db`` fixture), the real matcher and re-ranker;
only the extractor is fixed, so that the claims are known.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from claimtrack.config import Settings
from claimtrack.domain import ChangeKind, ClaimStatus, MatchKind, MatchState, ParsedArticle
from claimtrack.errors import InputError, WorkflowError
from claimtrack.extract.types import ProposedClaim
from claimtrack.services import similar
from claimtrack.services.factcheck_store import row_from_json, store_fact_checks
from claimtrack.services.ingest import store_article
from claimtrack.services.seen import seen_before
from claimtrack.services.similar import Target, decide, match_articles, parse_target
from claimtrack.services.workflow import add_evidence, history, set_status
from claimtrack.store import Database
from claimtrack.store.models import Claim, ClaimMatch
from tests.builders import _propose, seed

SETTINGS = Settings(match_suggest_threshold=0.75, match_strong_threshold=0.95, check_url_pattern=None)

LATER = (
    "The ministry said 40 people were hurt.\n"
    "Officials said the bridge collapsed at noon on Tuesday.\n"
    "Prices fell 5% last year.\n"
    "Farmers said the harvest was the best in a decade."
)


def _claims_of(body: str, *phrases: str) -> object:
    """An extractor proposing ``phrases`` of ``body``, said by the ministry."""

    def extractor(text: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
        return [_propose(text, phrase, "The ministry") for phrase in phrases]

    return extractor


def _later_article(db: Database) -> dict[str, int]:
    """A second article repeating two claims of the first (one of them checked), and one reversed."""
    phrases = (
        "40 people were hurt",
        "the bridge collapsed at noon on Tuesday",
        "Prices fell 5% last year.",
        "the harvest was the best in a decade",
    )
    with db.session() as session:
        result = store_article(
            session,
            ParsedArticle(title="Bridge: a week on", body=LATER, outlet="Other Paper"),
            user="bob",
            extractor=_claims_of(LATER, *phrases),
        )
        session.commit()
        article_id = result.article.id
        rows = session.exec(select(Claim).where(Claim.article_id == article_id)).all()
        by_text = {c.text: c.id for c in rows}
    assert article_id is not None
    return {"article": article_id, **{k: by_text[k] for k in phrases}}  # type: ignore[dict-item]


def _give_verdict(db: Database, claim_id: int) -> None:
    with db.session() as session:
        add_evidence(session, claim_id, "https://ministry.example/report", user="alice", stance="refutes")
        set_status(session, claim_id, ClaimStatus.FALSE, user="alice", note="The ministry's report says 4.")
        session.commit()


def _fact_check(db: Database) -> int:
    row = row_from_json(
        {
            "id": "pf-1",
            "text": "The bridge collapsed at noon on Tuesday",
            "rating": "Pants on Fire",
            "publisher": "PolitiFact",
            "url": "https://politifact.example/bridge",
        },
        collection="test",
        source="test",
    )
    with db.session() as session:
        store_fact_checks(session, [row], user="alice")
        session.commit()
        found = session.connection().exec_driver_sql("SELECT id FROM fact_check WHERE external_id = 'pf-1'").scalar()
    assert isinstance(found, int)
    return found


@pytest.fixture
def desk_with_repeats(db: Database) -> tuple[Database, list[int], dict[str, int], int]:
    first = seed(db)  # "40 people were hurt", "the bridge collapsed at noon", "Prices rose 5% last year."
    _give_verdict(db, first[0])
    check = _fact_check(db)
    later = _later_article(db)
    return db, first, later, check


def test_ingest_matching_stores_suggestions_for_repeats_checks_and_fact_checks(desk_with_repeats) -> None:
    db, first, later, check = desk_with_repeats
    summary = match_articles(db, [later["article"]], settings=SETTINGS)
    assert summary.claims == 4
    by_claim: dict[int, set[tuple[str, int]]] = {}
    for found in summary.found:
        assert found.score >= 0.75
        by_claim.setdefault(found.claim_id, set()).add((found.target.kind.value, found.target.id))
    # the repeated claim finds the checked one, with its verdict
    assert ("claim", first[0]) in by_claim[later["40 people were hurt"]]
    checked = [f for f in summary.checked if f.claim_id == later["40 people were hurt"]]
    assert checked and checked[0].verdict == "false"
    # the bridge claim finds the fact check (and the open claim of the first article)
    assert ("factcheck", check) in by_claim[later["the bridge collapsed at noon on Tuesday"]]
    # "fell" is not "rose": no suggestion; nor for a claim nobody made before
    assert ("claim", first[2]) not in by_claim.get(later["Prices fell 5% last year."], set())
    assert later["the harvest was the best in a decade"] not in by_claim
    assert summary.claims_matching_checks == 2
    with db.session() as session:
        stored = session.exec(select(ClaimMatch)).all()
        assert {m.state for m in stored} == {"suggested"}
        assert all(m.method == similar.METHOD for m in stored)
        # a pair of claims is stored once, on the later claim
        pair = [m for m in stored if m.other_claim_id == first[0]]
        assert len(pair) == 1 and pair[0].claim_id == later["40 people were hurt"]
        # nothing was written to the claims: finding a match is not a change of them
        assert session.get(Claim, later["40 people were hurt"]).version == 1  # type: ignore[union-attr]
    # matching again stores nothing twice
    match_articles(db, [later["article"]], settings=SETTINGS)
    with db.session() as session:
        assert len(session.exec(select(ClaimMatch)).all()) == len(stored)


def test_similar_reads_a_pair_both_ways_and_seen_before_marks_the_queue(desk_with_repeats) -> None:
    db, first, later, check = desk_with_repeats
    match_articles(db, [later["article"]], settings=SETTINGS)
    with db.session() as session:
        from_new = similar.similar(session, later["40 people were hurt"])
        from_old = similar.similar(session, first[0])
        assert from_new[0].target == Target(MatchKind.CLAIM, first[0]) and from_new[0].verdict == "false"
        assert Target(MatchKind.CLAIM, later["40 people were hurt"]) in [i.target for i in from_old]
        marks = seen_before(
            session,
            [later["40 people were hurt"], later["the bridge collapsed at noon on Tuesday"], first[1]],
            settings=SETTINGS,
        )
    assert marks[later["40 people were hurt"]].mark == "checked: false"
    assert marks[later["the bridge collapsed at noon on Tuesday"]].fact_check == check
    assert marks[later["the bridge collapsed at noon on Tuesday"]].rating == "Pants on Fire"
    assert marks[first[1]].repeats == 1 and marks[first[1]].mark == "repeated ×2"
    # a higher threshold set later hides the weaker suggestions
    strict = Settings(match_suggest_threshold=1.0)
    with db.session() as session:
        assert seen_before(session, [later["40 people were hurt"]], settings=strict) == {}


def test_confirming_records_history_on_both_claims_and_carries_no_verdict_unless_asked(desk_with_repeats) -> None:
    db, first, later, _ = desk_with_repeats
    match_articles(db, [later["article"]], settings=SETTINGS)
    new = later["40 people were hurt"]
    with db.session() as session:
        decision = decide(session, new, Target(MatchKind.CLAIM, first[0]), "same", user="carol", settings=SETTINGS)
        session.commit()
    assert decision.previous == MatchState.SUGGESTED and decision.applied is None
    assert decision.offer is not None and decision.offer.status == ClaimStatus.FALSE
    with db.session() as session:
        claim = session.get(Claim, new)
        assert claim is not None and claim.status == "new"  # offered, not applied
        entry = history(session, new)[-1]
        assert (entry.kind, entry.actor, entry.from_value, entry.to_value) == (
            ChangeKind.MATCH,
            "carol",
            f"suggested: claim #{first[0]}",
            f"same: claim #{first[0]}",
        )
        other_entry = history(session, first[0])[-1]
        assert other_entry.kind == ChangeKind.MATCH and other_entry.to_value == f"same: claim #{new}"
        match = session.exec(select(ClaimMatch).where(ClaimMatch.other_claim_id == first[0])).one()
        assert (match.state, match.decided_by) == ("same", "carol") and match.decided_at is not None
    with db.session() as session, pytest.raises(WorkflowError, match="already decided same"):
        decide(session, new, Target(MatchKind.CLAIM, first[0]), "same", user="carol")


def test_confirming_with_the_verdict_links_the_match_and_gives_it_in_one_transaction(desk_with_repeats) -> None:
    db, _first, later, check = desk_with_repeats
    match_articles(db, [later["article"]], settings=SETTINGS)
    bridge = later["the bridge collapsed at noon on Tuesday"]
    with db.session() as session:
        decision = decide(
            session,
            bridge,
            Target(MatchKind.FACT_CHECK, check),
            "same",
            user="dan",
            apply_verdict=True,
            settings=SETTINGS,
        )
        session.commit()
    assert decision.applied is not None and decision.applied.status == ClaimStatus.FALSE
    with db.session() as session:
        claim = session.get(Claim, bridge)
        assert claim is not None and claim.status == "false"
        kinds = [e.kind for e in history(session, bridge)]
        assert kinds[-3:] == [ChangeKind.MATCH, ChangeKind.EVIDENCE, ChangeKind.STATUS]
        from claimtrack.services.workflow import evidence_for

        linked = evidence_for(session, bridge)[-1]
        assert linked.url == "https://politifact.example/bridge" and linked.stance == "refutes"
        assert linked.quote == "The bridge collapsed at noon on Tuesday"
        assert "PolitiFact" in (history(session, bridge)[-1].note or "")


def test_a_verdict_is_not_carried_to_a_claim_that_has_one_and_nothing_is_half_done(desk_with_repeats) -> None:
    db, first, later, _ = desk_with_repeats
    match_articles(db, [later["article"]], settings=SETTINGS)
    new = later["40 people were hurt"]
    _give_verdict(db, new)
    with db.session() as session:
        before = len(history(session, new))
    with db.session() as session, pytest.raises(WorkflowError, match="has a verdict already"):
        decide(session, new, Target(MatchKind.CLAIM, first[0]), "same", user="dan", apply_verdict=True)
    with db.session() as session:
        assert len(history(session, new)) == before
        assert session.exec(select(ClaimMatch.state).where(ClaimMatch.claim_id == new)).one() == "suggested"


def test_rejecting_and_matching_by_hand(desk_with_repeats) -> None:
    db, _first, later, check = desk_with_repeats
    match_articles(db, [later["article"]], settings=SETTINGS)
    harvest = later["the harvest was the best in a decade"]
    with db.session() as session:
        # never suggested: a checker matches it by hand (no score), then rejects it
        made = decide(session, harvest, Target(MatchKind.FACT_CHECK, check), "same", user="eve")
        session.commit()
        assert made.previous is None
        decide(
            session, harvest, Target(MatchKind.FACT_CHECK, check), "different", user="eve", note="not the same bridge"
        )
        session.commit()
        [item] = similar.similar(session, harvest)
        assert (item.state, item.score, item.method) == ("different", None, similar.CHECKER)
        assert history(session, harvest)[-1].note == "not the same bridge"
        assert similar.similar(session, harvest, include_different=False) == []
        assert seen_before(session, [harvest], settings=SETTINGS) == {}


def test_bad_decisions_are_refused(desk_with_repeats) -> None:
    db, first, later, check = desk_with_repeats
    with db.session() as session:
        with pytest.raises(InputError, match="cannot match itself"):
            decide(session, first[0], Target(MatchKind.CLAIM, first[0]), "same", user="eve")
        with pytest.raises(Exception, match="no fact check with id 999"):
            decide(session, first[0], Target(MatchKind.FACT_CHECK, 999), "same", user="eve")
        with pytest.raises(InputError, match="only from a match confirmed the same"):
            decide(session, first[1], Target(MatchKind.FACT_CHECK, check), "different", user="eve", apply_verdict=True)
        with pytest.raises(WorkflowError, match="no verdict to carry over"):
            decide(
                session,
                first[1],
                Target(MatchKind.CLAIM, later["the harvest was the best in a decade"]),
                "same",
                user="eve",
                apply_verdict=True,
            )


@pytest.mark.parametrize(
    ("value", "kind", "ident"),
    [
        ("12", "claim", 12),
        ("#12", "claim", 12),
        ("claim:12", "claim", 12),
        ("fc:7", "factcheck", 7),
        ("factcheck:7", "factcheck", 7),
        ("FC7", "factcheck", 7),
    ],
)
def test_targets_are_named_as_the_command_line_shows_them(value: str, kind: str, ident: int) -> None:
    target = parse_target(value)
    assert (target.kind.value, target.id) == (kind, ident)
    assert parse_target(target.ref) == target


@pytest.mark.parametrize("value", ["", "fc:", "x12", "12; DROP TABLE claim", "-3"])
def test_a_target_that_names_nothing_is_one_clear_error(value: str) -> None:
    with pytest.raises(InputError, match="names no claim or fact check"):
        parse_target(value)


def test_the_desk_facade_matches_marks_filters_and_decides(desk_with_repeats, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimtrack.services.desk import Desk
    from claimtrack.services.queries import ClaimFilter

    db, first, later, check = desk_with_repeats
    desk = Desk(db, "gail")
    summary = desk.match_articles([later["article"]])
    assert summary.claims_matching_checks == 2
    # the queue's rows carry their marks; the filter keeps the claims matching earlier checks
    rows = {r.id: r for r in desk.first_page(ClaimFilter(), 50)}
    assert rows[later["40 people were hurt"]].seen == "checked: false"
    assert rows[later["the harvest was the best in a decade"]].seen == ""
    matched = {r.id for r in desk.first_page(ClaimFilter(seen_checked=True), 50)}
    assert later["40 people were hurt"] in matched and later["the bridge collapsed at noon on Tuesday"] in matched
    assert later["the harvest was the best in a decade"] not in matched
    assert desk.counts(ClaimFilter(seen_checked=True)).total == len(matched)
    # deciding through the desk: with the version the checker saw; a stale one is a conflict
    bridge = later["the bridge collapsed at noon on Tuesday"]
    offer = desk.verdict_on_offer(bridge, Target(MatchKind.FACT_CHECK, check))
    assert offer is not None and offer.status == ClaimStatus.FALSE
    from claimtrack.errors import ConflictError

    with pytest.raises(ConflictError):
        desk.decide_match(bridge, Target(MatchKind.FACT_CHECK, check), "same", expected_version=7)
    decision = desk.decide_match(
        bridge, Target(MatchKind.FACT_CHECK, check), "same", apply_verdict=True, expected_version=1
    )
    assert decision.applied is not None
    assert desk.claim(bridge).claim.status == "false"
    assert desk.seen_before(bridge) is not None and desk.seen_before(bridge).sure  # type: ignore[union-attr]
    # the desk's errors carry no command-line advice
    _give_verdict(db, later["40 people were hurt"])
    with pytest.raises(WorkflowError) as refused:
        desk.decide_match(later["40 people were hurt"], Target(MatchKind.CLAIM, first[0]), "same", apply_verdict=True)
    assert "claimtrack" not in str(refused.value)
    # the setting the TUI reads to match after its own ingests
    from claimtrack.config import get_settings

    monkeypatch.setenv("CLAIMTRACK_MATCH_ON_INGEST", "false")
    get_settings.cache_clear()
    try:
        assert desk.match_on_ingest is False
    finally:
        monkeypatch.delenv("CLAIMTRACK_MATCH_ON_INGEST")
        get_settings.cache_clear()
    assert desk.match_on_ingest is True


@pytest.mark.parametrize(
    ("stored", "new", "same"),
    [
        ("Unemployment fell to 4% last year", "Unemployment fell to 4% last year, the minister said", True),
        ("Unemployment fell to 4% last year", "Unemployment rose to 4% last year", False),  # direction
        ("Unemployment fell to 4% last year", "Unemployment fell to 6% last year", False),  # numbers
        ("The mayor cut the police budget", "The mayor did not cut the police budget", False),  # negation
    ],
)
def test_numbers_negation_and_direction_decide_what_is_suggested(
    db: Database, stored: str, new: str, same: bool
) -> None:
    with db.session() as session:
        store_fact_checks(
            session, [row_from_json({"text": stored, "rating": "False"}, collection="t", source="t")], user="a"
        )
    body = f"The minister said {new}."
    with db.session() as session:
        result = store_article(
            session, ParsedArticle(title="Later", body=body), user="bob", extractor=_claims_of(body, new)
        )
        article_id = result.article.id
    summary = match_articles(db, [article_id], settings=SETTINGS)  # type: ignore[list-item]
    assert (summary.claims_matching_checks == 1) is same, summary.found
