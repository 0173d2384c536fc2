"""Practice tables: records, their versions, and usefulness marks.

The full-text index (`practices_fts`, `practices_fts_words`) belongs to the search engine and
is created by the migration only, not here (see bot/core/practices/search.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base


class Practice(Base):
    """A practice record as it stands now (its history is in PracticeVersion)."""

    __tablename__ = "practices"
    __table_args__ = (
        UniqueConstraint("community_id", "uid"),
        Index("ix_practices_community_status_created", "community_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    # Stable identity across exports and imports (a hex UUID), unique per community.
    uid: Mapped[str] = mapped_column(String(32))
    # The member who posted it here; None for imported records (the name is kept below).
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(200))
    # 'published' or 'withdrawn' (soft delete: nothing is ever lost).
    status: Mapped[str] = mapped_column(String(16), default="published")
    # Visible to other communities too when True (the author or a moderator decides).
    shared: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(8), default="fr")

    title: Mapped[str] = mapped_column(String(200))
    org_type: Mapped[str] = mapped_column(String(100), default="")
    sector: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    period: Mapped[str] = mapped_column(String(100), default="")
    need: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text)
    results: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    tools: Mapped[list[str]] = mapped_column(default=list)
    families: Mapped[list[str]] = mapped_column(default=list)
    tags: Mapped[list[str]] = mapped_column(default=list)

    version: Mapped[int] = mapped_column(default=1)
    # Marks by members here, plus the count carried over by an import (kept for round trips).
    useful_count: Mapped[int] = mapped_column(default=0)
    useful_imported: Mapped[int] = mapped_column(default=0)

    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[str] = mapped_column(String(200), default="")
    # Who withdrew it (a member id, no foreign key: the record outlives a member's erasure),
    # as 'author' or 'moderator' (only a moderator restores a moderator's withdrawal), and why.
    withdrawn_by_id: Mapped[int | None]
    withdrawn_as: Mapped[str] = mapped_column(String(16), default="")
    withdrawn_reason: Mapped[str] = mapped_column(String(500), default="")
    # The community a record was imported from (« importée de … »); empty for records
    # posted here or restored from this community's own backup.
    imported_from: Mapped[str] = mapped_column(String(200), default="")


class PracticeVersion(Base):
    """One version of a practice's content; version 1 is the original post."""

    __tablename__ = "practice_versions"
    __table_args__ = (UniqueConstraint("practice_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"))
    number: Mapped[int]
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    editor_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    # Every content field as it was (see bot/core/practices/records.py CONTENT_FIELDS);
    # empty once purged (personal information removed for good).
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    purged_at: Mapped[datetime | None]
    purged_by: Mapped[str] = mapped_column(String(200), default="")
    purged_by_id: Mapped[int | None]
    purge_reason: Mapped[str] = mapped_column(String(500), default="")


class UsefulMark(Base):
    """One member found one practice useful (at most one mark each, undoable)."""

    __tablename__ = "practice_useful_marks"
    __table_args__ = (UniqueConstraint("practice_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
