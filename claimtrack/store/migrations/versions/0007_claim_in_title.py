"""Claims can be an article's title: the extractor scores and proposes the headline too.

A title claim's offsets index into ``article.title``, not the body, so the claim says which.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# A plain ADD COLUMN, not Alembic's batch mode: on SQLite batch mode copies the table into a new
# one, which would drop the triggers that keep the full-text index (claim_fts) up to date.


def upgrade() -> None:
    op.add_column("claim", sa.Column("in_title", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("claim", "in_title")
