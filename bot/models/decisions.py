"""Decision tables: votes, their options, electorates, ballots, register counters, audit log,
scheduled jobs and the announcement outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base


class Vote(Base):
    """A motion (proposition), a poll (sondage) or a meeting poll (réunion)."""

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("community_id", "number"),
        Index("ix_votes_community_status", "community_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    # Short number members type (« /vote pour 12 »), per community.
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))  # motion | poll | meeting
    body: Mapped[str] = mapped_column(String(16))  # board | members
    title: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    # proposed (awaiting a seconder) | open | closed | withdrawn | lapsed (never seconded)
    status: Mapped[str] = mapped_column(String(16))
    proposer_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    seconder_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    # Where the vote was launched: results are announced there.
    channel_id: Mapped[str | None] = mapped_column(String(255))
    # Rules, fixed at creation.
    secret: Mapped[bool] = mapped_column(default=False)
    majority: Mapped[str] = mapped_column(String(16), default="simple")
    quorum_kind: Mapped[str] = mapped_column(String(8), default="none")  # none | count | percent
    quorum_value: Mapped[int] = mapped_column(default=0)
    early_close: Mapped[bool] = mapped_column(default=False)
    require_seconder: Mapped[bool] = mapped_column(default=True)
    live_results: Mapped[bool] = mapped_column(default=True)
    max_choices: Mapped[int] = mapped_column(default=1)
    # Minutes before the deadline when non-voters get a reminder.
    reminders: Mapped[list[int]] = mapped_column(JSON, default=list)
    # A duration counts from the opening; an absolute deadline is stored as is.
    duration_seconds: Mapped[int | None]
    deadline_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(16))
    # Those entitled to vote (fixed at the opening, minus later recusals).
    electorate_size: Mapped[int] = mapped_column(default=0)
    # Members of the body in office at the opening: the quorum base, never shrunk by recusals.
    in_office: Mapped[int] = mapped_column(default=0)
    # Unused since 0004: a secret vote's key is derived from a secret kept outside the
    # database (`bot.core.decisions.secrecy`), so a copy of the file links nobody.
    ballot_key: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(String(16))
    # Legal value of a closed motion: resolution | written_resolution | consultation.
    binding: Mapped[str | None] = mapped_column(String(24))
    # A consultation ratified at a meeting: the meeting's date, and when it was recorded.
    ratified_on: Mapped[datetime | None]
    ratified_at: Mapped[datetime | None]
    # Tallies and details frozen at close (counts only for secret votes).
    result: Mapped[dict[str, Any] | None]
    # « CA-2026-001 »: adopted motions only.
    resolution: Mapped[str | None] = mapped_column(String(32), index=True)


class VoteOption(Base):
    """One option of a poll, or one candidate date of a meeting poll."""

    __tablename__ = "vote_options"
    __table_args__ = (UniqueConstraint("vote_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"))
    position: Mapped[int]  # 1-based, as shown
    label: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime | None]


class VoteElector(Base):
    """A member of a vote's electorate, fixed when voting opens."""

    __tablename__ = "vote_electors"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    # The name at the opening, for the register (members may be renamed later).
    display_name: Mapped[str] = mapped_column(String(200))
    # False once the member declared a conflict of interest (out of the electorate).
    eligible: Mapped[bool] = mapped_column(default=True)
    # Participation, recorded at close only (no time: it could be matched to ballots).
    voted: Mapped[bool | None]


class VoteConflict(Base):
    """A conflict of interest declared on a vote (recorded, shown in the extract)."""

    __tablename__ = "vote_conflicts"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(500), default="")
    declared_at: Mapped[datetime]


class Ballot(Base):
    """One voter's current choice on a vote.

    `voter` is the member id for nominal votes, and a keyed hash of it for secret ones. The
    row has no time and, on SQLite, no rowid: rows sit in `voter` order, not arrival order,
    so they cannot be matched against the order of participation. Secret ballots are deleted
    at close, once counted.
    """

    __tablename__ = "ballots"
    __table_args__ = ({"sqlite_with_rowid": False},)

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    voter: Mapped[str] = mapped_column(String(64), primary_key=True)
    # « pour » | « contre » | « abstention »; « 1,3 » (options); « ymn » (one answer per date).
    choice: Mapped[str] = mapped_column(String(64))
    # How many times the ballot was changed (0: as first cast).
    revisions: Mapped[int] = mapped_column(default=0)


class DecisionCounter(Base):
    """Gap-free counters: vote numbers (series 'vote') and resolutions per series and year."""

    __tablename__ = "decision_counters"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class AuditEvent(Base):
    """One entry of a community's append-only event log, chained by SHA-256."""

    __tablename__ = "audit_events"
    # Keyed by its place in the chain (one event per place); on SQLite without a rowid, so
    # the log is one b-tree in chain order and an append writes a single page.
    __table_args__ = ({"sqlite_with_rowid": False},)

    # No cascade: deleting a community must not silently erase its log.
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(32))
    # Not indexed: the log is read whole (verification), and appending must stay cheap.
    vote_id: Mapped[int | None]
    # Canonical JSON of the event's data, exactly as hashed.
    data: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The last event of a community's log: deleting the newest events is then detected."""

    __tablename__ = "audit_heads"

    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), primary_key=True)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))


class ScheduledJob(Base):
    """Work due at a time (close a vote, send reminders); claimed in the database."""

    __tablename__ = "scheduled_jobs"
    __table_args__ = (
        UniqueConstraint("kind", "key"),
        Index("ix_scheduled_jobs_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(100))
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|done|failed
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(64))


class OutboxMessage(Base):
    """An announcement or a reminder to deliver, written in the transaction that caused it."""

    __tablename__ = "decision_outbox"
    __table_args__ = (Index("ix_decision_outbox_pending", "delivered_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))  # vote.closed | vote.reminder
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"))
    channel_id: Mapped[str | None] = mapped_column(String(255))
    user_id: Mapped[str | None] = mapped_column(String(255))  # direct messages only
    created_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claim_until: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    # Claims so far (each one a delivery attempt); after the last allowed, `dead_at` is set
    # and the row waits for an admin (`coopilote decisions outbox`).
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(String(500))
    dead_at: Mapped[datetime | None]
