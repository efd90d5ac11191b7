"""The desk API the TUI is built on: paging, positions, polling, undo, bulk, manual claims."""

from __future__ import annotations

import pytest

from claimtrack.domain import ParsedArticle
from claimtrack.errors import InputError, NotFoundError, WorkflowError
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.desk import Desk
from claimtrack.services.ingest import store_article
from claimtrack.services.queries import ClaimFilter
from claimtrack.store import Database
from tests.builders import seed


def many_claims(db: Database, n: int) -> list[int]:
    """One article with ``n`` one-line claims; every 3rd mentions 'harbour'."""
    lines = [f"Claim number {i} says {'harbour' if i % 3 == 0 else 'bridge'} costs {i} dollars." for i in range(n)]
    body = "\n".join(lines)

    def extractor(text: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
        out, pos = [], 0
        for line in text.split("\n"):
            out.append(
                ProposedClaim(
                    text=line,
                    start=pos,
                    end=pos + len(line),
                    sentence=line,
                    sentence_start=pos,
                    sentence_end=pos + len(line),
                    claimant="Ministry",
                    cue=None,
                    score=0.5,
                )
            )
            pos += len(line) + 1
        return out

    with db.session() as s:
        store_article(s, ParsedArticle(title="Many", body=body), user="loader", extractor=extractor)
    desk = Desk(db, "x")
    return [r.id for r in desk.rows_at(desk.build_index(ClaimFilter()), 0, n)]


@pytest.mark.parametrize("dense", [False, True], ids=["anchors", "every-id"])
@pytest.mark.parametrize("search", [None, "harbour"])
def test_rows_at_any_position_match_a_plain_listing(db: Database, search: str | None, dense: bool) -> None:
    ids = many_claims(db, 230)
    desk = Desk(db, "alice")
    flt = ClaimFilter.build(search=search)
    index = desk.build_index(flt, stride=16, dense_limit=1000 if dense else 0)
    expected = ids if search is None else ids[0::3]
    assert index.total == len(expected)
    if dense:
        assert index.stride == 1 and [key[-1] for key in index.anchors] == expected
    else:
        assert index.stride == 16 and len(index.anchors) == -(-len(expected) // 16)
    for start in (0, 1, 15, 16, 17, 40, len(expected) - 5, len(expected) - 1):
        got = [r.id for r in desk.rows_at(index, start, 7)]
        assert got == expected[start : start + 7], start
    assert desk.rows_at(index, len(expected), 5) == []
    for position in (0, 15, 16, len(expected) - 1):
        assert desk.position_of(index, expected[position]) == position
    if search:
        assert desk.position_of(index, ids[1]) is None
    assert [r.id for r in desk.first_page(flt, 5)] == expected[:5]


def test_status_filter_and_rows_carry_what_the_queue_shows(db: Database) -> None:
    ids = seed(db)
    desk = Desk(db, "alice")
    desk.set_status(ids[0], "dismissed", expected_version=1)
    index = desk.build_index(ClaimFilter.build(status=["new"]))
    rows = desk.rows_at(index, 0, 10)
    assert [r.id for r in rows] == ids[1:]
    bridge = rows[0]
    assert bridge.disputed_by == ("the mayor",) and bridge.cues == ("denied",)
    assert bridge.article_title == "Bridge collapse" and bridge.version == 2
    assert desk.counts()["dismissed"] == 1


def test_polling_sees_another_checkers_changes(db: Database) -> None:
    ids = seed(db)
    alice, bob = Desk(db, "alice"), Desk(db, "bob")
    mark = alice.latest_change_id()
    bob.assign(ids[2], "bob")
    bob.add_note(ids[2], "On it.")
    changes = alice.changes_since(mark)
    assert [(c.claim_id, c.actor, c.description) for c in changes] == [
        (ids[2], "bob", "assigned to bob"),
        (ids[2], "bob", "note added"),
    ]
    assert alice.latest_change_id() == changes[-1].id


def test_undo_reverses_only_your_newest_change(db: Database) -> None:
    ids = seed(db)
    alice, bob = Desk(db, "alice"), Desk(db, "bob")
    alice.set_status(ids[1], "disputed", note="Mayor denies.")
    claim = alice.undo_last(ids[1]).claim
    assert claim.status == "new"
    history = alice.claim(ids[1]).history
    assert history[-1].note.startswith("undo of v3") and history[-1].actor == "alice"
    # Evidence added by alice is removed by undo; the history keeps both entries.
    alice.add_evidence(ids[0], "https://example.org/x", stance="supports")
    alice.undo_last(ids[0])
    detail = alice.claim(ids[0])
    assert detail.evidence == () and [h.kind for h in detail.history][-2:] == ["evidence", "evidence"]
    # Bob changed it last: alice has nothing to undo there.
    bob.assign(ids[0], "bob")
    with pytest.raises(NotFoundError, match="nothing of yours to undo"):
        alice.undo_last(ids[0])
    alice.add_note(ids[0], "tpyo")
    alice.undo_last(ids[0])
    assert alice.claim(ids[0]).history[-1].from_value == "tpyo"


def test_bulk_changes_report_what_they_could_not_do(db: Database) -> None:
    ids = seed(db)
    desk = Desk(db, "alice")
    stale = {ids[0]: 1, ids[1]: 1, ids[2]: 1}  # ids[1] is at version 2 (the in-article evidence)
    result = desk.bulk_set_status(stale, "dismissed", note="Not news.")
    assert result.done == (ids[0], ids[2])
    assert [cid for cid, _ in result.failed] == [ids[1]]
    result = desk.bulk_assign({ids[0]: 2, ids[2]: 2}, "carol")
    assert result.done == (ids[0], ids[2]) and result.failed == ()
    assert desk.counts()["dismissed"] == 2


def test_manual_claims_are_first_class(db: Database) -> None:
    ids = seed(db)
    desk = Desk(db, "alice")
    view = desk.article(desk.claim(ids[0]).article.id)
    text = view.article.text
    start = text.index("at noon")
    claim = desk.add_manual_claim(view.article.id, start - 1, start + len("at noon"), claimant="A local paper")
    assert (claim.text, claim.origin, claim.claimant, claim.status) == ("at noon", "manual", "A local paper", "new")
    assert text[claim.char_start : claim.char_end] == "at noon"
    assert claim.sentence in text and text[claim.sentence_start : claim.sentence_end] == claim.sentence
    assert len(desk.article(view.article.id).claims) == 4
    with pytest.raises(InputError, match="not inside"):
        desk.add_manual_claim(view.article.id, 5, 10_000, claimant=None)
    with pytest.raises(InputError, match="empty"):
        desk.add_manual_claim(view.article.id, text.index("\n"), text.index("\n") + 1, claimant=None)
    with pytest.raises(WorkflowError):
        desk.set_status(claim.id, "new")
    with pytest.raises(InputError, match="the claimant is 400 characters; the limit is 300"):
        desk.add_manual_claim(view.article.id, start, start + 7, claimant="x" * 400)
    with pytest.raises(InputError, match="the cue must be one line"):
        desk.add_manual_claim(view.article.id, start, start + 7, claimant="A paper", cue="said\x1b[31m")
    assert len(desk.article(view.article.id).claims) == 4  # nothing stored by the refusals


@pytest.mark.parametrize("after", [None, 40])
@pytest.mark.parametrize("query", ["claim", "harbour", "costs 201", "nothing"])
def test_a_search_page_is_right_for_common_rare_and_absent_words(
    db: Database, query: str, after: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL looks through the next PROBE_ROWS claims first and asks its index only when
    they hold less than a page (a rare word): both ways give the listing's first matches."""
    from claimtrack.services import queue

    monkeypatch.setattr(queue, "PROBE_ROWS", 10)
    ids = many_claims(db, 230)
    flt = ClaimFilter.build(search=query)
    matches = {"claim": ids, "harbour": ids[0::3], "costs 201": [ids[201]], "nothing": []}[query]
    after_id = ids[after] if after is not None else None
    expected = [i for i in matches if after_id is None or i > after_id][:5]
    with db.session() as s:
        key = queue.sort_key(s, flt, after_id) if after_id is not None else None  # (equal scores: id order)
        got = [r.id for r in queue.page_after(s, flt, key, 5)]
    assert got == expected


def test_ids_beyond_the_database_are_not_found_on_both_engines(db: Database) -> None:
    """The TUI's "open #N" and the palette take any number: beyond 2**31-1 it is simply not
    found (no OverflowError from SQLite, no "integer out of range" from PostgreSQL)."""
    desk = Desk(db, "alice")
    for number in (2**31, 2**63, 10**30, 0, -1):
        with pytest.raises(NotFoundError, match=f"no claim with id {number}"):
            desk.claim(number)
        with pytest.raises(NotFoundError, match=f"no article with id {number}"):
            desk.article(number)


def test_the_report_scope_names_the_minimum_score() -> None:
    flt = ClaimFilter.build(status=["new"], min_score=0.7)
    assert Desk.report_scope(flt) == "status new, score ≥ 0.7"
    assert Desk.report_scope(ClaimFilter.build()) == "all claims"
