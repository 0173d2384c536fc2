"""Practices you can trust: moderation that sticks, purged versions, imported authorship.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.base import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain columns (no table rebuild): on SQLite a rebuild of `practices` would cascade.
    op.add_column("practices", sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
    op.add_column(
        "practices",
        sa.Column("withdrawn_as", sa.String(length=16), nullable=False, server_default=""),
    )
    op.add_column(
        "practices",
        sa.Column("withdrawn_reason", sa.String(length=500), nullable=False, server_default=""),
    )
    op.add_column(
        "practices",
        sa.Column("imported_from", sa.String(length=200), nullable=False, server_default=""),
    )
    op.add_column("practice_versions", sa.Column("purged_at", UTCDateTime(), nullable=True))
    op.add_column(
        "practice_versions",
        sa.Column("purged_by", sa.String(length=200), nullable=False, server_default=""),
    )
    op.add_column("practice_versions", sa.Column("purged_by_id", sa.Integer(), nullable=True))
    op.add_column(
        "practice_versions",
        sa.Column("purge_reason", sa.String(length=500), nullable=False, server_default=""),
    )
    # Withdrawals made before this revision were the author's or a moderator's: unknown, so
    # they stay restorable as before (by the author too).
    op.execute("UPDATE practices SET withdrawn_as = 'author' WHERE status = 'withdrawn'")


def downgrade() -> None:
    for column in ("purge_reason", "purged_by_id", "purged_by", "purged_at"):
        op.drop_column("practice_versions", column)
    for column in ("imported_from", "withdrawn_reason", "withdrawn_as", "withdrawn_by_id"):
        op.drop_column("practices", column)
