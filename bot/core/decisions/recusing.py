"""Declaring a conflict of interest: out of the vote's electorate, never out of office."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from bot.core.actor import Actor
from bot.core.decisions import (
    messages,  # noqa: F401  (registers the texts)
    policy,
)
from bot.core.decisions.base import (
    MAX_REASON,
    DecisionBase,
    _ballots,
    _clean,
    _conflicts,
    _electors,
    parse_number,
)
from bot.core.decisions.secrecy import voter_key
from bot.core.decisions.views import (
    OPEN,
    PROPOSED,
    VoteView,
)
from bot.core.errors import PermissionDenied, StateConflict


class Recusing(DecisionBase):
    """A member leaves one vote's electorate (recorded, shown in the extract)."""

    # --- Conflicts, withdrawal, closing ----------------------------------------------------

    async def declare_conflict(self, actor: Actor, number: int | str, reason: str = "") -> VoteView:
        """Declare a conflict of interest: out of this vote's electorate (recorded)."""
        number = parse_number(number)
        why = _clean(reason, MAX_REASON, "decision.reason_too_long", multiline=False)
        now = self.clock.now()
        closed = False
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            vote = await self._vote(session, community.id, number)
            await self._scrub_deletes(session)
            conn = await session.connection()
            if vote.status not in (PROPOSED, OPEN):
                raise policy.state_error(vote.status, vote.number)
            already = await conn.scalar(
                select(func.count())
                .select_from(_conflicts)
                .where(_conflicts.c.vote_id == vote.id, _conflicts.c.member_id == member.id)
            )
            if already:
                raise StateConflict("decision.conflict_already", number=number)
            role = policy.role_of(vote.body, settings)
            if vote.status == OPEN:
                eligible = await conn.scalar(
                    select(_electors.c.eligible).where(
                        _electors.c.vote_id == vote.id, _electors.c.member_id == member.id
                    )
                )
                if eligible is None:
                    raise PermissionDenied("decision.not_elector", number=number, role=role)
                key = self._key(vote)
                await conn.execute(
                    delete(_ballots).where(
                        _ballots.c.vote_id == vote.id,
                        _ballots.c.voter == voter_key(key, member.id),
                    )
                )
                await conn.execute(
                    update(_electors)
                    .where(_electors.c.vote_id == vote.id, _electors.c.member_id == member.id)
                    .values(eligible=False)
                )
                vote.electorate_size -= 1
            elif not actor.has_role(role):
                raise PermissionDenied("decision.need_role.conflict", role=role)
            await conn.execute(
                _conflicts.insert().values(
                    vote_id=vote.id,
                    member_id=member.id,
                    display_name=member.display_name,
                    reason=why,
                    declared_at=now,
                )
            )
            await session.flush()
            await self._audit(
                session,
                community.id,
                "conflict.declared",
                {"number": number, "member": [member.id, member.display_name], "reason": why},
                vote.id,
                now,
            )
            if vote.status == OPEN:
                cast_count = await conn.scalar(
                    select(func.count()).select_from(_ballots).where(_ballots.c.vote_id == vote.id)
                )
                if (cast_count or 0) >= vote.electorate_size:
                    closed = await self._close(session, vote.id, now, "all_voted")
            view = await self._view(
                session, vote, community, member, actor, policy.is_admin(actor, member, settings)
            )
        if closed:
            await self.deliver_outbox()
            await self.truncate_journal()
        return view
