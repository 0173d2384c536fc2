"""Announcements and reminders: written in the transaction that causes them, sent once.

A closing (or a reminder job) writes outbox rows in its own unit of work, so a result is
never lost to a crash and never announced for a close that rolled back. Delivery claims the
rows in the database first, row by row (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the single
writer on SQLite), with a lease: of several processes draining at once, each row goes to
exactly one, and only its claimant marks it. A process that dies between sending and marking
a row delivered leaves it to be sent again once the lease runs out (at least once, then);
a row that fails (or whose claimant dies) MAX_ATTEMPTS times becomes a dead letter.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.actor import CommunityRef
from bot.core.clock import Clock
from bot.core.db import Database
from bot.core.decisions.views import ReminderView, VoteView
from bot.core.notifier import Announcement, DirectMessage, Notifier, PlatformNotifiers
from bot.models import Community, Member
from bot.models.decisions import OutboxMessage, Vote

log = logging.getLogger(__name__)

_outbox = OutboxMessage.__table__

# An announcement claimed by a process that died is sent again after this long.
LEASE = timedelta(minutes=5)
# A failed delivery is tried again after RETRY, then twice as long each time (at most LEASE),
# and given up (a dead letter an admin sees) after MAX_ATTEMPTS claims.
RETRY = timedelta(seconds=30)
MAX_ATTEMPTS = 5

CLOSED = "vote.closed"
REMINDER = "vote.reminder"
# A vote that opened, for the platforms that post it themselves (Matrix's native polls).
OPENED = "vote.opened"

ViewOf = Callable[[AsyncSession, int], Awaitable[VoteView]]


async def announce(conn: AsyncConnection, vote: Vote, kind: str, now: datetime) -> None:
    """Queue an announcement of `vote` (its opening, its result) for the channel where it was
    launched."""
    await conn.execute(
        _outbox.insert().values(
            community_id=vote.community_id,
            kind=kind,
            vote_id=vote.id,
            channel_id=vote.channel_id,
            created_at=now,
        )
    )


def wants_openings(notifier: Notifier, platform: str) -> bool:
    """Whether `notifier` posts openings itself for a community on `platform` (opt-in: the
    other platforms show a vote in the reply to the command that opened it)."""
    if isinstance(notifier, PlatformNotifiers):
        part = notifier.for_platform(platform)
        return part is not None and wants_openings(part, platform)
    served = getattr(notifier, "platform", None)
    return bool(getattr(notifier, "announces_openings", False)) and served in (None, platform)


async def queue_reminders(
    conn: AsyncConnection, vote: Vote, user_ids: list[str], now: datetime
) -> None:
    """Queue one reminder per member who has not voted."""
    if user_ids:
        await conn.execute(
            _outbox.insert(),
            [
                {
                    "community_id": vote.community_id,
                    "kind": REMINDER,
                    "vote_id": vote.id,
                    "channel_id": vote.channel_id,
                    "user_id": uid,
                    "created_at": now,
                }
                for uid in user_ids
            ],
        )


def _due(now: datetime, platform: str | None) -> list[Any]:
    """Rows that wait for a claim: not delivered, not dead, claim free or run out."""
    where = [
        _outbox.c.delivered_at.is_(None),
        _outbox.c.dead_at.is_(None),
        or_(_outbox.c.claim_until.is_(None), _outbox.c.claim_until < now),
    ]
    if platform is not None:
        where.append(
            _outbox.c.community_id.in_(select(Community.id).where(Community.platform == platform))
        )
    return where


def _free(where: list[Any], limit: int) -> Any:
    """Ids of the rows matching `where` that no other unit of work holds (PostgreSQL skips
    the rows another process is claiming; SQLite's single writer needs no lock)."""
    return (
        select(_outbox.c.id)
        .where(*where)
        .order_by(_outbox.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )


def retry_delay(attempts: int) -> timedelta:
    """How long a failed delivery waits before its next claim (doubling, at most the lease)."""
    return min(LEASE, RETRY * 2 ** max(0, attempts - 1))


async def deliver(
    db: Database,
    clock: Clock,
    notifier: Notifier,
    worker: str,
    view_of: ViewOf,
    *,
    batch: int = 200,
) -> int:
    """Send what is pending, each row once; return how many were sent.

    Rows are claimed per row (and per platform when the notifier serves one), then marked
    delivered, or failed, by their claimant only: a claim that ran out and was taken by
    another process is not touched.
    """
    now = clock.now()
    platform: str | None = getattr(notifier, "platform", None)
    due = _due(now, platform)
    async with db.reading() as session:
        waiting = await session.scalar(select(func.count()).select_from(_outbox).where(*due))
    if not waiting:
        return 0
    claim = f"{worker}:{secrets.token_hex(4)}"
    async with db.transaction() as session:
        # Claimed as often as allowed and still not delivered (the claimant died each time):
        # dead letters, left for an admin.
        await session.execute(
            update(_outbox)
            .where(_outbox.c.id.in_(_free([*due, _outbox.c.attempts >= MAX_ATTEMPTS], batch)))
            .values(dead_at=now, last_error=func.coalesce(_outbox.c.last_error, "lease"))
        )
        await session.execute(
            update(_outbox)
            .where(_outbox.c.id.in_(_free([*due, _outbox.c.attempts < MAX_ATTEMPTS], batch)))
            .values(claimed_by=claim, claim_until=now + LEASE, attempts=_outbox.c.attempts + 1)
        )
    async with db.reading() as session:
        rows = (
            await session.execute(
                select(
                    _outbox.c.id,
                    _outbox.c.kind,
                    _outbox.c.vote_id,
                    _outbox.c.channel_id,
                    _outbox.c.user_id,
                    _outbox.c.attempts,
                    Community.platform,
                    Community.external_id,
                    Community.name,
                )
                .join(Community, Community.id == _outbox.c.community_id)
                .where(_outbox.c.claimed_by == claim, _outbox.c.delivered_at.is_(None))
                .order_by(_outbox.c.id)
            )
        ).all()
        payloads: dict[Any, Any] = {}
        for row in rows:
            if row.kind in (CLOSED, OPENED):
                if ("vote", row.vote_id) not in payloads:
                    payloads[("vote", row.vote_id)] = await view_of(session, row.vote_id)
            else:
                payloads[row.id] = await reminder_view(session, row.vote_id, row.user_id, now)
    delivered: list[int] = []
    failed: list[tuple[Any, Exception]] = []
    for row in rows:
        ref = CommunityRef(row.platform, row.external_id, row.name)
        try:
            if row.kind in (CLOSED, OPENED):
                view = payloads[("vote", row.vote_id)]
                await notifier.announce(Announcement(ref, row.channel_id, row.kind, view))
            elif (reminder := payloads.get(row.id)) is not None:
                await notifier.direct(DirectMessage(ref, row.user_id, row.kind, reminder))
            delivered.append(row.id)
        except Exception as exc:
            log.exception("delivery of %s failed", row.kind)
            failed.append((row, exc))
    mine = _outbox.c.claimed_by == claim
    async with db.transaction() as session:
        if delivered:
            await session.execute(
                update(_outbox).where(_outbox.c.id.in_(delivered), mine).values(delivered_at=now)
            )
        for row, exc in failed:
            last = row.attempts >= MAX_ATTEMPTS
            await session.execute(
                update(_outbox)
                .where(_outbox.c.id == row.id, mine)
                .values(
                    claim_until=now + retry_delay(row.attempts),
                    last_error=f"{type(exc).__name__}: {exc}"[:500],
                    dead_at=now if last else None,
                )
            )
            if last:
                log.error("outbox message %s given up after %s attempts", row.id, row.attempts)
    return len(delivered)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A message given up after its last attempt, for an admin to look at."""

    id: int
    community: str
    kind: str
    vote_number: int
    user_id: str | None
    attempts: int
    dead_at: datetime
    error: str


async def dead_letters(db: Database) -> list[DeadLetter]:
    """Every message given up, oldest first."""
    async with db.reading() as session:
        rows = (
            await session.execute(
                select(
                    _outbox.c.id,
                    Community.platform,
                    Community.external_id,
                    _outbox.c.kind,
                    Vote.number,
                    _outbox.c.user_id,
                    _outbox.c.attempts,
                    _outbox.c.dead_at,
                    _outbox.c.last_error,
                )
                .join(Community, Community.id == _outbox.c.community_id)
                .join(Vote, Vote.id == _outbox.c.vote_id)
                .where(_outbox.c.dead_at.is_not(None), _outbox.c.delivered_at.is_(None))
                .order_by(_outbox.c.dead_at, _outbox.c.id)
            )
        ).all()
    return [
        DeadLetter(r[0], f"{r[1]}:{r[2]}", r[3], r[4], r[5], r[6], r[7], r[8] or "") for r in rows
    ]


async def reminder_view(
    session: AsyncSession, vote_id: int, user_id: str, now: datetime
) -> ReminderView | None:
    """What a reminder says to one member."""
    row = (
        await session.execute(
            select(Vote, Community)
            .join(Community, Community.id == Vote.community_id)
            .where(Vote.id == vote_id)
        )
    ).first()
    if row is None or row[0].deadline_at is None:
        return None
    vote, community = row
    member = await session.scalar(
        select(Member.display_name).where(
            Member.community_id == community.id, Member.user_id == user_id
        )
    )
    return ReminderView(
        number=vote.number,
        kind=vote.kind,
        title=vote.title or vote.text[:80],
        deadline=vote.deadline_at,
        remaining=vote.deadline_at - now,
        community=community.name,
        timezone=community.timezone,
        language=community.language,
        member=member or user_id,
    )
