"""Announcements and reminders: written in the transaction that causes them, sent once.

A closing (or a reminder job) writes outbox rows in its own unit of work, so a result is
never lost to a crash and never announced for a close that rolled back. Delivery claims the
rows in the database first (conditional UPDATE with a lease): of two processes draining
at once, each row goes to exactly one. A process that dies between sending and marking a
row delivered leaves it to be sent again once the lease runs out (at least once, then).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.actor import CommunityRef
from bot.core.clock import Clock
from bot.core.db import Database
from bot.core.decisions.views import ReminderView, VoteView
from bot.core.notifier import Announcement, DirectMessage, Notifier
from bot.models import Community, Member
from bot.models.decisions import OutboxMessage, Vote

log = logging.getLogger(__name__)

_outbox = OutboxMessage.__table__

# An announcement claimed by a process that died is sent again after this long.
LEASE = timedelta(minutes=5)

CLOSED = "vote.closed"
REMINDER = "vote.reminder"

ViewOf = Callable[[AsyncSession, int], Awaitable[VoteView]]


async def announce_close(conn: AsyncConnection, vote: Vote, now: datetime) -> None:
    """Queue the result of `vote` for the channel where it was launched."""
    await conn.execute(
        _outbox.insert().values(
            community_id=vote.community_id,
            kind=CLOSED,
            vote_id=vote.id,
            channel_id=vote.channel_id,
            created_at=now,
        )
    )


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


async def deliver(
    db: Database, clock: Clock, notifier: Notifier, worker: str, view_of: ViewOf
) -> int:
    """Send what is pending, each row once; return how many were sent."""
    now = clock.now()
    pending = or_(_outbox.c.claim_until.is_(None), _outbox.c.claim_until < now)
    async with db.reading() as session:
        waiting = await session.scalar(
            select(func.count())
            .select_from(_outbox)
            .where(_outbox.c.delivered_at.is_(None), pending)
        )
    if not waiting:
        return 0
    claim = f"{worker}:{secrets.token_hex(4)}"
    async with db.transaction() as session:
        await session.execute(
            update(_outbox)
            .where(_outbox.c.delivered_at.is_(None), pending)
            .values(claimed_by=claim, claim_until=now + LEASE)
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
            if row.kind == CLOSED:
                if ("vote", row.vote_id) not in payloads:
                    payloads[("vote", row.vote_id)] = await view_of(session, row.vote_id)
            else:
                payloads[row.id] = await reminder_view(session, row.vote_id, row.user_id, now)
    delivered: list[int] = []
    for row in rows:
        ref = CommunityRef(row.platform, row.external_id, row.name)
        try:
            if row.kind == CLOSED:
                view = payloads[("vote", row.vote_id)]
                await notifier.announce(Announcement(ref, row.channel_id, row.kind, view))
            elif (reminder := payloads.get(row.id)) is not None:
                await notifier.direct(DirectMessage(ref, row.user_id, row.kind, reminder))
            delivered.append(row.id)
        except Exception:
            # Left claimed: another try once the lease runs out.
            log.exception("delivery of %s failed", row.kind)
    if delivered:
        async with db.transaction() as session:
            await session.execute(
                update(_outbox).where(_outbox.c.id.in_(delivered)).values(delivered_at=now)
            )
    return len(delivered)


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
