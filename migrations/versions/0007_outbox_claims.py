"""The outbox across processes: attempts counted, a dead-letter state an admin can see.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.base import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain columns (no table rebuild on SQLite).
    op.add_column(
        "decision_outbox",
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("decision_outbox", sa.Column("last_error", sa.String(length=500), nullable=True))
    op.add_column("decision_outbox", sa.Column("dead_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    for column in ("dead_at", "last_error", "attempts"):
        op.drop_column("decision_outbox", column)
