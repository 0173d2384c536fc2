"""Seconding a motion and opening the vote: the electorate and those in office fixed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.actor import Actor
from bot.core.decisions import (
    messages,  # noqa: F401  (registers the texts)
    outbox,
    policy,
)
from bot.core.decisions.base import (
    JOB_DEADLINE,
    JOB_REMINDER,
    DecisionBase,
    _conflicts,
    _electors,
    _has_role,
    _members,
    parse_number,
)
from bot.core.decisions.rules import (
    Quorum,
    QuorumKind,
)
from bot.core.decisions.views import (
    MOTION,
    OPEN,
    PROPOSED,
    VoteView,
)
from bot.core.errors import InvalidInput, StateConflict
from bot.core.text import fold
from bot.models import Community
from bot.models.decisions import (
    Vote,
)


class Opening(DecisionBase):
    """A motion seconded opens; every vote opens through `_open`."""

    # --- Opening ---------------------------------------------------------------------------

    async def _open(
        self,
        session: AsyncSession,
        vote: Vote,
        community: Community,
        settings: dict[str, Any],
        now: datetime,
    ) -> None:
        """Fix the electorate, set the deadline, schedule the close and the reminders."""
        conn = await session.connection()
        role = policy.role_of(vote.body, settings)
        excluded = set(
            (
                await conn.execute(
                    select(_conflicts.c.member_id).where(_conflicts.c.vote_id == vote.id)
                )
            ).scalars()
        )
        electors = await self._holders(conn, community.id, role)
        eligible = [e for e in electors if e[0] not in excluded]
        if not eligible:
            raise StateConflict("decision.no_electorate", role=role)
        quorum = Quorum(QuorumKind(vote.quorum_kind), vote.quorum_value)
        # Against those in office: recusals may still make it unreachable, and the minutes
        # then record « quorum non atteint » rather than the seconder being refused.
        self._check_quorum(quorum, len(electors), len(electors))
        await conn.execute(
            _electors.insert(),
            [
                {"vote_id": vote.id, "member_id": mid, "display_name": name, "eligible": True}
                for mid, name in eligible
            ],
        )
        if vote.duration_seconds is not None:
            deadline = now + timedelta(seconds=vote.duration_seconds)
        else:
            assert vote.deadline_at is not None
            deadline = vote.deadline_at
            if deadline <= now:
                raise StateConflict("decision.deadline_passed", number=vote.number)
        vote.status = OPEN
        vote.opened_at = now
        vote.deadline_at = deadline
        vote.electorate_size = len(eligible)
        # Directors in office, recused ones included: the quorum base never shrinks.
        vote.in_office = len(electors)
        if vote.secret:
            await self._scrub_deletes(session)
        await session.flush()
        # Checked against the vote row on every ballot, so a rolled-back opening is harmless.
        self._open_votes[(community.id, vote.number)] = self._key(vote)
        await self.scheduler.schedule(session, JOB_DEADLINE, str(vote.id), deadline)
        for minutes in vote.reminders or []:
            due = deadline - timedelta(minutes=int(minutes))
            if due > now:
                await self.scheduler.schedule(
                    session, JOB_REMINDER, f"{vote.id}:{int(minutes)}", due
                )
        await self._audit(
            session,
            community.id,
            "vote.opened",
            {
                "number": vote.number,
                "deadline": deadline.isoformat(),
                "electorate": [[mid, name] for mid, name in eligible],
                "in_office": len(electors),
            },
            vote.id,
            now,
        )
        if outbox.wants_openings(self.notifier, community.platform):
            # Written with the opening: a platform that posts it (a native poll) never misses it.
            await outbox.announce(conn, vote, outbox.OPENED, now)

    async def _holders(
        self, conn: AsyncConnection, community_id: int, role: str
    ) -> list[tuple[int, str]]:
        """Active holders of `role` (id, name), in name order: those in office."""
        rows = (
            await conn.execute(
                select(
                    _members.c.id, _members.c.display_name, _members.c.roles, _members.c.user_id
                ).where(_members.c.community_id == community_id, _members.c.active.is_(True))
            )
        ).all()
        # Ids never change: remembered, a first ballot needs no extra query for its key.
        for mid, _name, _roles, uid in rows:
            self._member_ids[(community_id, uid)] = mid
        return sorted(
            ((mid, name) for mid, name, roles, _uid in rows if _has_role(roles or [], role)),
            key=lambda e: (fold(e[1]), e[0]),
        )

    @staticmethod
    def _check_quorum(quorum: Quorum, in_office: int, entitled: int) -> None:
        """An impossible quorum (7 of 6, or more than those entitled) is refused."""
        if not quorum.possible(in_office, entitled):
            raise InvalidInput(
                "decision.quorum_impossible",
                required=quorum.required(in_office),
                count=entitled,
            )

    async def second(self, actor: Actor, number: int | str) -> VoteView:
        """Second a motion (another eligible member than its proposer); voting opens."""
        number = parse_number(number)
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            vote = await self._vote(session, community.id, number)
            if vote.kind != MOTION or vote.status == OPEN:
                if vote.status == OPEN:
                    raise StateConflict("decision.not_proposed", number=number)
                raise StateConflict("decision.not_motion_second", number=number)
            if vote.status != PROPOSED:
                raise policy.state_error(vote.status, vote.number)
            policy.check_second(actor, member, vote, settings)
            if await session.scalar(
                select(func.count())
                .select_from(_conflicts)
                .where(_conflicts.c.vote_id == vote.id, _conflicts.c.member_id == member.id)
            ):
                raise StateConflict("decision.in_conflict", number=number)
            vote.seconder_id = member.id
            await self._audit(
                session,
                community.id,
                "vote.seconded",
                {"number": number, "seconder": [member.id, member.display_name]},
                vote.id,
                now,
            )
            await self._open(session, vote, community, settings, now)
            view = await self._view(
                session, vote, community, member, actor, policy.is_admin(actor, member, settings)
            )
        self.scheduler.wake()
        return view
