"""Alembic migrations: opening any older database upgrades it, keeping its data."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from claimtrack.services import workflow
from claimtrack.services.queries import ClaimFilter, claim_detail, list_claims
from claimtrack.store import open_database
from claimtrack.store.engine import create_db_engine, database_url
from claimtrack.store.migrate import MIGRATIONS, alembic_config, current_revision, downgrade, head_revision, upgrade


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_the_file_names_give_alembics_head() -> None:
    from claimtrack.store.migrate import alembic_head_revision

    assert head_revision() == alembic_head_revision()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        assert path.name.split("_")[0] in _revisions(), f"{path.name} is not named after its revision"


def test_the_first_revision_is_0001_and_head_is_reached() -> None:
    revisions = _revisions()
    assert revisions[:5] == ["0001", "0002", "0003", "0004", "0005"]
    assert revisions[-1] == head_revision()


def test_opening_a_database_from_the_first_schema_upgrades_it_and_keeps_its_data(blank_db_url: str) -> None:
    url = database_url(blank_db_url)
    engine = create_db_engine(url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    now = "2024-03-05 10:00:00"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO article (id, title, authors, text, content_hash, ingested_at, ingested_by) "
                "VALUES (1, 'Old article', '[]', 'Old body says 3 ships sank.', 'h1', :now, 'olduser')"
            ),
            {"now": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO claim (id, article_id, text, sentence, char_start, char_end, sentence_start, "
                "sentence_end, claimant, cues, disputed_by, score, status, origin, version, created_at, "
                "created_by, updated_at, updated_by) VALUES (1, 1, '3 ships sank', 'Old body says 3 ships sank.', "
                "14, 26, 0, 27, 'Old body', '[]', '[]', 0.5, 'in_review', 'extractor', 1, :now, 'olduser', :now, 'olduser')"
            ),
            {"now": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO evidence (id, claim_id, url, stance, added_by, added_at) "
                "VALUES (1, 1, 'https://old.example/source', 'refutes', 'olduser', :now)"
            ),
            {"now": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO history (claim_id, at, actor, kind, to_value, version) "
                "VALUES (1, :now, 'olduser', 'created', 'in_review', 1)"
            ),
            {"now": now},
        )
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:  # ids were given by hand: move the sequences on
            for table in ("article", "claim", "evidence", "history"):
                conn.exec_driver_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
    engine.dispose()

    db = open_database(blank_db_url)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.session() as s:
            detail = claim_detail(s, 1)
            assert (detail.claim.text, detail.claim.status, detail.article.title) == (
                "3 ships sank",
                "in_review",
                "Old article",
            )
            assert detail.history[0].at.year == 2024 and detail.history[0].at.tzinfo is not None
            workflow.add_note(s, 1, "Still works after the upgrade.", user="newuser")
            # 0002 indexed the claims that were already there for full-text search.
            found = list_claims(s, ClaimFilter.build(search="ships"))
            assert [c.id for c, _ in found] == [1]
        with db.session() as s:
            assert [h.actor for h in workflow.history(s, 1)] == ["olduser", "newuser"]
        # 0004: evidence from before the upgrade is kept, with no capture yet; new columns work.
        with db.session() as s:
            [old] = workflow.evidence_for(s, 1)
            assert (old.url, old.stance, old.content_sha256, old.final_url, old.fetched_at) == (
                "https://old.example/source",
                "refutes",
                None,
                None,
                None,
            )
            ev = workflow.add_evidence(s, 1, "https://new.example/source", user="newuser")
            ev.content_sha256, ev.http_status = "0" * 64, 200
            s.add(ev)
        with db.session() as s:
            assert [(e.id, e.content_sha256) for e in workflow.evidence_for(s, 1)] == [(1, None), (2, "0" * 64)]
    finally:
        db.close()


def test_downgrade_to_nothing_and_back(blank_db_url: str) -> None:
    db = open_database(blank_db_url)
    try:
        downgrade(db.engine, "base")
        assert current_revision(db.engine) is None
        assert "claim" not in sa.inspect(db.engine).get_table_names()
        upgrade(db.engine, "head")
        assert {"article", "claim", "evidence", "history"} <= set(sa.inspect(db.engine).get_table_names())
    finally:
        db.close()


def test_reopening_is_a_no_op(db_url: str) -> None:
    for _ in range(3):
        db = open_database(db_url)
        assert current_revision(db.engine) == head_revision()
        db.close()
