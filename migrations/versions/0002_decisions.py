"""Asynchronous board decisions: votes, ballots, register, audit log, scheduled jobs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.base import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The audit log's head row follows the newest event of each community (an append is then a
# single INSERT; the row itself is created with the community's first event). It only moves forward; deleting events leaves it behind, which is how
# `coopilote audit verify` detects that the newest events were removed.
SQLITE_HEAD_TRIGGER = """
CREATE TRIGGER tr_audit_events_head AFTER INSERT ON audit_events
BEGIN
    UPDATE audit_heads SET seq = NEW.seq, hash = NEW.hash
        WHERE community_id = NEW.community_id AND seq < NEW.seq;
END
"""
PG_HEAD_FUNCTION = """
CREATE FUNCTION audit_events_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_heads (community_id, seq, hash)
        VALUES (NEW.community_id, NEW.seq, NEW.hash)
        ON CONFLICT (community_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash
        WHERE audit_heads.seq < EXCLUDED.seq;
    RETURN NEW;
END
$$
"""
PG_HEAD_TRIGGER = """
CREATE TRIGGER tr_audit_events_head AFTER INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_head()
"""


def upgrade() -> None:
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposer_id", sa.Integer(), nullable=False),
        sa.Column("seconder_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.String(length=255), nullable=True),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("majority", sa.String(length=16), nullable=False),
        sa.Column("quorum_kind", sa.String(length=8), nullable=False),
        sa.Column("quorum_value", sa.Integer(), nullable=False),
        sa.Column("early_close", sa.Boolean(), nullable=False),
        sa.Column("require_seconder", sa.Boolean(), nullable=False),
        sa.Column("live_results", sa.Boolean(), nullable=False),
        sa.Column("max_choices", sa.Integer(), nullable=False),
        sa.Column("reminders", sa.JSON(), nullable=False),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        sa.Column("deadline_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("close_reason", sa.String(length=16), nullable=True),
        sa.Column("electorate_size", sa.Integer(), nullable=False),
        sa.Column("ballot_key", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("resolution", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_votes_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposer_id"], ["members.id"], name=op.f("fk_votes_proposer_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["seconder_id"], ["members.id"], name=op.f("fk_votes_seconder_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
        sa.UniqueConstraint("community_id", "number", name=op.f("uq_votes_community_id_number")),
    )
    op.create_index("ix_votes_community_status", "votes", ["community_id", "status"], unique=False)
    op.create_index(op.f("ix_votes_resolution"), "votes", ["resolution"], unique=False)

    op.create_table(
        "vote_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_vote_options_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_options")),
        sa.UniqueConstraint("vote_id", "position", name=op.f("uq_vote_options_vote_id_position")),
    )
    op.create_table(
        "vote_electors",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("voted", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_vote_electors_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_vote_electors_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vote_id", "member_id", name=op.f("pk_vote_electors")),
    )
    op.create_table(
        "vote_conflicts",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("declared_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_vote_conflicts_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_vote_conflicts_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vote_id", "member_id", name=op.f("pk_vote_conflicts")),
    )
    # No rowid on SQLite: rows are stored in voter order, never in arrival order.
    op.create_table(
        "ballots",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("voter", sa.String(length=64), nullable=False),
        sa.Column("choice", sa.String(length=64), nullable=False),
        sa.Column("revisions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_ballots_vote_id_votes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("vote_id", "voter", name=op.f("pk_ballots")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "decision_counters",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_decision_counters_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "community_id", "series", "year", name=op.f("pk_decision_counters")
        ),
    )
    op.create_table(
        "audit_events",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_audit_events_community_id_communities"),
        ),
        sa.PrimaryKeyConstraint("community_id", "seq", name=op.f("pk_audit_events")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "audit_heads",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_audit_heads_community_id_communities"),
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_audit_heads")),
    )
    op.create_table(
        "scheduled_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_jobs")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_scheduled_jobs_kind_key")),
    )
    op.create_index(
        "ix_scheduled_jobs_status_due", "scheduled_jobs", ["status", "due_at"], unique=False
    )
    op.create_table(
        "decision_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=255), nullable=True),
        sa.Column("user_id", sa.String(length=255), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claim_until", UTCDateTime(), nullable=True),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_decision_outbox_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_decision_outbox_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_outbox")),
    )
    op.create_index(
        "ix_decision_outbox_pending", "decision_outbox", ["delivered_at", "id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_HEAD_FUNCTION)
        op.execute(PG_HEAD_TRIGGER)
    else:
        op.execute(SQLITE_HEAD_TRIGGER)


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER IF EXISTS tr_audit_events_head"
        + (" ON audit_events" if op.get_bind().dialect.name == "postgresql" else "")
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_events_head()")
    op.drop_index("ix_decision_outbox_pending", table_name="decision_outbox")
    op.drop_table("decision_outbox")
    op.drop_index("ix_scheduled_jobs_status_due", table_name="scheduled_jobs")
    op.drop_table("scheduled_jobs")
    op.drop_table("audit_heads")
    op.drop_table("audit_events")
    op.drop_table("decision_counters")
    op.drop_table("ballots")
    op.drop_table("vote_conflicts")
    op.drop_table("vote_electors")
    op.drop_table("vote_options")
    op.drop_index(op.f("ix_votes_resolution"), table_name="votes")
    op.drop_index("ix_votes_community_status", table_name="votes")
    op.drop_table("votes")
