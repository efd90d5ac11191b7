"""An undo names the change it reverses, so undo walks back through a checker's changes and
reports count only the changes in force.

``history.undoes``: for an undo, the id of the change it reverses; for a redo, the id of the undo
it reverses. A partial index holds the entries that have one (the undos and redos): "has this
change been undone?" is a look-up in it, and it stays small.

Undos made before this revision are found and linked: such an undo was written at the version
right after the change it reversed, with the note ``undo of vN (...)`` (N that version), and its
values mirror the change's (a status or an assignment back from its ``to_value`` to its
``from_value``; evidence removed that the change added, by its id; a note withdrawn, its text).
An entry that matches all of that is linked; any other is left alone (``undoes`` NULL), so a
note a checker wrote that merely starts with "undo of v" is never taken for an undo. Pressing
undo twice used to undo the undo: such a chain is linked as undo, redo, undo, ... of the first
change, the shape undo and redo make from now on.

Revision ID: 0008
Revises: 0007
"""

from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_history = sa.table(
    "history",
    sa.column("id", sa.Integer()),
    sa.column("claim_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("from_value", sa.Text()),
    sa.column("to_value", sa.Text()),
    sa.column("note", sa.Text()),
    sa.column("version", sa.Integer()),
    sa.column("evidence_id", sa.Integer()),
    sa.column("undoes", sa.Integer()),
)


# A plain ADD COLUMN, not Alembic's batch mode (a copy of the table): the column is nullable and
# both engines add it in place, whatever the size of the history.


def upgrade() -> None:
    op.add_column("history", sa.Column("undoes", sa.Integer(), nullable=True))
    op.create_index(
        "ix_history_undoes",
        "history",
        ["undoes"],
        sqlite_where=sa.text("undoes IS NOT NULL"),
        postgresql_where=sa.text("undoes IS NOT NULL"),
    )
    _link_old_undos(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_history_undoes", table_name="history")
    op.drop_column("history", "undoes")


def _mirrors(undo: Any, change: Any) -> bool:
    """``undo`` reverses ``change`` exactly, as the undo before 0008 wrote it."""
    if not (undo.note or "").startswith(f"undo of v{change.version} ("):
        return False
    if undo.kind != change.kind:
        return False
    if change.kind == "status":
        return undo.from_value == change.to_value and undo.to_value == (change.from_value or "new")
    if change.kind == "assignment":
        return undo.from_value == change.to_value and undo.to_value == change.from_value
    if change.kind == "evidence":
        return (
            change.to_value is not None
            and change.evidence_id is not None
            and undo.evidence_id == change.evidence_id
            and undo.from_value == change.to_value
            and undo.to_value is None
        )
    if change.kind == "note":
        return change.from_value is None and undo.from_value is not None and undo.from_value == change.note
    return False


def _link_old_undos(conn: sa.Connection) -> None:
    undo = _history.alias("undo")
    change = _history.alias("change")
    statement = (
        sa.select(
            undo.c.id.label("undo_id"),
            undo.c.kind.label("undo_kind"),
            undo.c.from_value.label("undo_from"),
            undo.c.to_value.label("undo_to"),
            undo.c.note.label("undo_note"),
            undo.c.evidence_id.label("undo_evidence"),
            change.c.id,
            change.c.kind,
            change.c.from_value,
            change.c.to_value,
            change.c.note,
            change.c.version,
            change.c.evidence_id,
        )
        .join(change, sa.and_(change.c.claim_id == undo.c.claim_id, change.c.version == undo.c.version - 1))
        .where(undo.c.note.like("undo of v%"))
        .order_by(undo.c.id, change.c.id)
    )
    # The change an undo reversed was the claim's newest: of the entries at that version, the last.
    newest: dict[int, Any] = {}
    for row in conn.execute(statement):
        newest[row.undo_id] = row
    direct: dict[int, int] = {}
    for undo_id, row in newest.items():
        undo_values = SimpleNamespace(
            kind=row.undo_kind,
            from_value=row.undo_from,
            to_value=row.undo_to,
            note=row.undo_note,
            evidence_id=row.undo_evidence,
        )
        if _mirrors(undo_values, row):
            direct[undo_id] = row.id
    # Oldest first, so each target is settled before the entries that reverse it: reversing an
    # undo is a redo; reversing a redo is undoing, again, the change the redo re-applied.
    undoes: dict[int, int] = {}
    for undo_id in sorted(direct):
        target = direct[undo_id]
        if target in undoes and undoes[target] in undoes:  # the target is a redo
            target = undoes[undoes[target]]
        undoes[undo_id] = target
    if undoes:
        conn.execute(
            _history.update().where(_history.c.id == sa.bindparam("entry")).values(undoes=sa.bindparam("target")),
            [{"entry": entry, "target": target} for entry, target in sorted(undoes.items())],
        )
