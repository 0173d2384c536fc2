"""Reading votes: one vote as a member may see it, and the list of current votes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, func, select

from bot.core.actor import Actor, CommunityRef
from bot.core.decisions import (
    messages,  # noqa: F401  (registers the texts)
    policy,
)
from bot.core.decisions.base import (
    DecisionBase,
    _ballots,
    _electors,
    _excerpt,
    _members,
    parse_number,
)
from bot.core.decisions.secrecy import voter_key
from bot.core.decisions.views import (
    OPEN,
    PROPOSED,
    VoteSummary,
    VoteView,
)
from bot.models import Community
from bot.models.decisions import (
    Vote,
)


class Reading(DecisionBase):
    """What members see of current votes."""

    # --- Reading ---------------------------------------------------------------------------

    async def show(self, actor: Actor, number: int | str) -> VoteView:
        """One vote: text, rules, deadline, participation, results when visible."""
        number = parse_number(number)
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            vote = await self._vote(session, community.id, number)
            return await self._view(
                session, vote, community, member, actor, policy.is_admin(actor, member, settings)
            )

    async def list_open(self, actor: Actor) -> tuple[VoteSummary, ...]:
        """Votes awaiting a seconder or open, soonest deadline first."""
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            conn = await session.connection()
            votes = (
                await session.scalars(
                    select(Vote)
                    .where(Vote.community_id == community.id, Vote.status.in_((PROPOSED, OPEN)))
                    .order_by(Vote.number)
                )
            ).all()
            out: list[VoteSummary] = []
            for vote in votes:
                key = self._key(vote)
                cast_count = int(
                    await conn.scalar(
                        select(func.count())
                        .select_from(_ballots)
                        .where(_ballots.c.vote_id == vote.id)
                    )
                    or 0
                )
                voted = False
                can = False
                if vote.status == OPEN:
                    eligible = await conn.scalar(
                        select(_electors.c.eligible).where(
                            _electors.c.vote_id == vote.id, _electors.c.member_id == member.id
                        )
                    )
                    voted = bool(
                        await conn.scalar(
                            select(
                                exists().where(
                                    _ballots.c.vote_id == vote.id,
                                    _ballots.c.voter == voter_key(key, member.id),
                                )
                            )
                        )
                    )
                    can = bool(eligible) and not voted
                else:
                    can = vote.proposer_id != member.id and policy.in_body(
                        actor, vote.body, settings
                    )
                out.append(
                    VoteSummary(
                        number=vote.number,
                        kind=vote.kind,
                        body=vote.body,
                        title=vote.title or _excerpt(vote.text),
                        status=vote.status,
                        deadline=vote.deadline_at,
                        electorate_size=vote.electorate_size,
                        voted_count=cast_count,
                        secret=vote.secret,
                        timezone=community.timezone,
                        to_do=can,
                        voted=voted,
                    )
                )
            out.sort(key=lambda s: (s.deadline is None, s.deadline or datetime.max, s.number))
            return tuple(out)

    async def electors(self, ref: CommunityRef, number: int | str) -> tuple[str, ...]:
        """The platform user ids of an open vote's eligible electorate (who may be asked or
        reminded privately); empty when the vote is unknown or not open."""
        number = parse_number(number)
        async with self.db.reading() as session:
            rows = await session.scalars(
                select(_members.c.user_id)
                .join(_electors, _electors.c.member_id == _members.c.id)
                .join(Vote, Vote.id == _electors.c.vote_id)
                .join(Community, Community.id == Vote.community_id)
                .where(
                    Community.platform == ref.platform,
                    Community.external_id == ref.external_id,
                    Vote.number == number,
                    Vote.status == OPEN,
                    _electors.c.eligible.is_(True),
                )
                .order_by(_members.c.user_id)
            )
            return tuple(rows.all())
