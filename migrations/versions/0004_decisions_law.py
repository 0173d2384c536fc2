"""Decisions that hold up in Québec law: those in office, legal value, ratification.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.base import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): the votes table keeps its triggers and rows.
    op.add_column("votes", sa.Column("in_office", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("votes", sa.Column("binding", sa.String(length=24), nullable=True))
    op.add_column("votes", sa.Column("ratified_on", UTCDateTime(), nullable=True))
    op.add_column("votes", sa.Column("ratified_at", UTCDateTime(), nullable=True))
    # Secret votes' keys now live outside the database: forget any left by older versions.
    op.execute("UPDATE votes SET ballot_key = NULL")
    op.execute("UPDATE votes SET in_office = electorate_size")


def downgrade() -> None:
    with op.batch_alter_table("votes") as batch:
        batch.drop_column("ratified_at")
        batch.drop_column("ratified_on")
        batch.drop_column("binding")
        batch.drop_column("in_office")
