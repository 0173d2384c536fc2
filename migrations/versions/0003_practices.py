"""Good practices: records, versions, usefulness marks, full-text index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.base import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "practices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("org_type", sa.String(length=100), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("size", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=100), nullable=False),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("tools", sa.JSON(), nullable=False),
        sa.Column("families", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("useful_count", sa.Integer(), nullable=False),
        sa.Column("useful_imported", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_practices_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_practices_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practices")),
        sa.UniqueConstraint("community_id", "uid", name=op.f("uq_practices_community_id_uid")),
    )
    op.create_index(op.f("ix_practices_author_id"), "practices", ["author_id"], unique=False)
    op.create_index(
        "ix_practices_community_status_created",
        "practices",
        ["community_id", "status", "created_at"],
        unique=False,
    )
    op.create_table(
        "practice_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.Column("editor_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["editor_id"],
            ["members.id"],
            name=op.f("fk_practice_versions_editor_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name=op.f("fk_practice_versions_practice_id_practices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_versions")),
        sa.UniqueConstraint(
            "practice_id", "number", name=op.f("uq_practice_versions_practice_id_number")
        ),
    )
    op.create_table(
        "practice_useful_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_practice_useful_marks_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name=op.f("fk_practice_useful_marks_practice_id_practices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_useful_marks")),
        sa.UniqueConstraint(
            "practice_id",
            "member_id",
            name=op.f("uq_practice_useful_marks_practice_id_member_id"),
        ),
    )
    op.create_index(
        op.f("ix_practice_useful_marks_member_id"),
        "practice_useful_marks",
        ["member_id"],
        unique=False,
    )
    if op.get_bind().dialect.name == "sqlite":
        # The search engine's tables (bot/core/practices/search.py, SqliteFtsIndex): text the
        # service analysed in Python (folded, Snowball-stemmed), and the surface words seen,
        # against which query typos are corrected. PostgreSQL gets its own (tsvector) later.
        op.execute(
            "CREATE VIRTUAL TABLE practices_fts USING fts5("
            "title, body, meta, filters, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
        )
        op.execute(
            "CREATE TABLE practices_fts_words ("
            "id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, stem TEXT NOT NULL)"
        )
    # TODO(search on PostgreSQL): the tsvector table or column and its GIN index come with
    # the PostgreSQL `PracticeIndex` (bot/core/practices/search.py), in that change's own
    # migration; until then `index_for()` answers « recherche indisponible » there, and
    # records, versions and marks (the tables above) are the same on both engines.


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS practices_fts_words")
        op.execute("DROP TABLE IF EXISTS practices_fts")
    op.drop_index(op.f("ix_practice_useful_marks_member_id"), table_name="practice_useful_marks")
    op.drop_table("practice_useful_marks")
    op.drop_table("practice_versions")
    op.drop_index("ix_practices_community_status_created", table_name="practices")
    op.drop_index(op.f("ix_practices_author_id"), table_name="practices")
    op.drop_table("practices")
