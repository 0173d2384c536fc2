"""Search: how many records hold each indexed term (FTS5 vocabulary view).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Read-only view of the FTS5 index: one row per term with the number of records
        # holding it, so that a search weighs its words by rarity without counting.
        op.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS practices_fts_terms "
            "USING fts5vocab(practices_fts, 'row')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS practices_fts_terms")
