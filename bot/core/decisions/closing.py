"""Withdrawing and closing votes, by hand or by the scheduler; lapses and reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.actor import Actor
from bot.core.decisions import (
    messages,  # noqa: F401  (registers the texts)
    outbox,
    policy,
)
from bot.core.decisions import register as reg
from bot.core.decisions.base import (
    JOB_DEADLINE,
    JOB_REMINDER,
    DecisionBase,
    _ballots,
    _electors,
    _members,
    _votes,
    parse_number,
)
from bot.core.decisions.results import (
    ballots_of,
    eligible_electors,
    is_written,
    result_data,
)
from bot.core.decisions.rules import (
    Outcome,
)
from bot.core.decisions.secrecy import voter_key
from bot.core.decisions.viewing import options_of
from bot.core.decisions.views import (
    CLOSED,
    CONSULTATION,
    LAPSED,
    MOTION,
    OPEN,
    PROPOSED,
    RESOLUTION,
    WITHDRAWN,
    WRITTEN_RESOLUTION,
    VoteView,
)
from bot.core.errors import StateConflict
from bot.core.scheduler import Job
from bot.core.timefmt import format_datetime, local
from bot.models import Community, Member
from bot.models.decisions import (
    Vote,
)


class Closing(DecisionBase):
    """A vote ends here: its outcome, legal value and resolution number are fixed."""

    async def withdraw(self, actor: Actor, number: int | str) -> VoteView:
        """Withdraw a vote before any ballot (its proposer or an admin)."""
        number = parse_number(number)
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member, vote, admin = await self._managed(session, actor, number, "withdraw")
            # No ballot may land between the count below and the withdrawal.
            await self._lock_vote(await session.connection(), community.id, number)
            await session.refresh(vote)
            if vote.status not in (PROPOSED, OPEN):
                raise policy.state_error(vote.status, vote.number)
            await self._scrub_deletes(session)
            conn = await session.connection()
            cast_count = await conn.scalar(
                select(func.count()).select_from(_ballots).where(_ballots.c.vote_id == vote.id)
            )
            if cast_count:
                raise StateConflict("decision.has_ballots", number=number)
            moved = await conn.execute(
                update(_votes)
                .where(_votes.c.id == vote.id, _votes.c.status.in_((PROPOSED, OPEN)))
                .values(status=WITHDRAWN, closed_at=now, close_reason="withdrawn")
            )
            if moved.rowcount != 1:
                raise policy.state_error(vote.status, vote.number)
            await session.refresh(vote)
            await self.scheduler.cancel(session, (JOB_DEADLINE, JOB_REMINDER), str(vote.id))
            await self._audit(
                session,
                community.id,
                "vote.withdrawn",
                {"number": number, "by": [member.id, member.display_name]},
                vote.id,
                now,
            )
            self._open_votes.pop((community.id, number), None)
            view = await self._view(session, vote, community, member, actor, admin)
        return view

    async def _managed(
        self, session: AsyncSession, actor: Actor, number: int, action: str
    ) -> tuple[Community, Member, Vote, bool]:
        """The vote `number` if the actor may manage it (its proposer or an admin)."""
        community, member = await self.communities.member(session, actor)
        vote = await self._vote(session, community.id, number)
        admin = policy.check_manage(actor, member, vote, self._settings(community), action)
        return community, member, vote, admin

    async def close(self, actor: Actor, number: int | str) -> VoteView:
        """Close a vote now (its proposer or an admin); the result is announced."""
        number = parse_number(number)
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member, vote, admin = await self._managed(session, actor, number, "close")
            if vote.status != OPEN:
                raise policy.state_error(vote.status, vote.number)
            if vote.kind == MOTION:
                await self._check_early_close(session, vote, community)
            if not await self._close(session, vote.id, now, "manual"):
                raise policy.state_error(vote.status, vote.number)
            await session.refresh(vote)
            view = await self._view(session, vote, community, member, actor, admin)
        await self.deliver_outbox()
        await self.truncate_journal()
        return view

    async def _check_early_close(
        self, session: AsyncSession, vote: Vote, community: Community
    ) -> None:
        """A motion closes before its deadline only once its outcome can no longer change."""
        conn = await session.connection()
        if await self._decided(conn, vote) is not None:
            return
        tally = await self._tally(conn, vote.id)
        assert vote.deadline_at is not None
        raise StateConflict(
            "decision.close_too_early",
            number=vote.number,
            cast=tally.cast,
            entitled=vote.electorate_size,
            deadline=format_datetime(vote.deadline_at, community.timezone, community.language),
        )

    async def _close(self, session: AsyncSession, vote_id: int, now: datetime, reason: str) -> bool:
        """Close an open vote in the caller's transaction; False when it was not open.

        The conditional UPDATE is the claim: of two closers (deadline job, last ballot, a
        manual close, another process), only the one whose UPDATE changed the row goes on.
        """
        conn = await session.connection()
        # Closed by its deadline, a vote closed at the deadline, even if the bot was down then.
        closed_at = _votes.c.deadline_at if reason == "deadline" else now
        moved = await conn.execute(
            update(_votes)
            .where(_votes.c.id == vote_id, _votes.c.status == OPEN)
            .values(status=CLOSED, closed_at=closed_at, close_reason=reason)
        )
        if moved.rowcount != 1:
            return False
        vote = await session.get(Vote, vote_id, populate_existing=True)
        assert vote is not None and vote.closed_at is not None
        now = vote.closed_at
        if vote.secret:
            await self._scrub_deletes(session)
        community = await session.get(Community, vote.community_id)
        assert community is not None
        key = self._key(vote)
        electors = await eligible_electors(conn, vote.id)
        choice_of, choices, voted_ids = await ballots_of(conn, vote, key, electors)
        options = await options_of(conn, vote.id) if vote.kind != MOTION else ()
        result = result_data(vote, electors, voted_ids, choices, choice_of, options)
        resolution = None
        binding = None
        if vote.kind == MOTION:
            binding = self._binding(vote, community)
            result["binding"] = binding
        # The names the minutes print, frozen with the result (the member list may change).
        # Not for a secret vote: its stored result carries no name at all.
        names = (
            {}
            if vote.secret
            else dict(
                (
                    await conn.execute(
                        select(_members.c.id, _members.c.display_name).where(
                            _members.c.id.in_([vote.proposer_id, vote.seconder_id or 0])
                        )
                    )
                ).all()
            )
        )
        if names:
            result["proposer"] = names.get(vote.proposer_id, "?")
            result["seconder"] = names.get(vote.seconder_id) if vote.seconder_id else None
        if result.get("outcome") == Outcome.ADOPTED.value and binding != CONSULTATION:
            resolution = await self._number_resolution(conn, community, vote.body, now)
        voted = sorted(voted_ids)
        if voted:
            await conn.execute(
                update(_electors)
                .where(_electors.c.vote_id == vote.id, _electors.c.member_id.in_(voted))
                .values(voted=True)
            )
        await conn.execute(
            update(_electors)
            .where(_electors.c.vote_id == vote.id, _electors.c.voted.is_(None))
            .values(voted=False)
        )
        if vote.secret:
            await conn.execute(delete(_ballots).where(_ballots.c.vote_id == vote.id))
            self._secret_closed = True  # the journal is truncated once this commits
        await self.scheduler.cancel(session, (JOB_DEADLINE, JOB_REMINDER), str(vote.id))
        seq, digest = await self._audit(
            session,
            community.id,
            "vote.closed",
            {
                "number": vote.number,
                "reason": reason,
                "resolution": resolution,
                "result": result,
            },
            vote.id,
            now,
        )
        vote.outcome = result.get("outcome")
        vote.resolution = resolution
        vote.binding = binding
        vote.result = {**result, "audit": [seq, digest]}
        await session.flush()
        await outbox.announce(conn, vote, outbox.CLOSED, now)
        self._open_votes.pop((community.id, vote.number), None)
        return True

    def _binding(self, vote: Vote, community: Community) -> str:
        """The legal value of a motion's vote: a written resolution (every director for),
        a resolution where the bylaws allow remote votes, else a consultation to ratify."""
        if is_written(vote):
            return WRITTEN_RESOLUTION
        distance = self._settings(community).get("vote_distance", "enteriner")
        return RESOLUTION if distance == "reglements" else CONSULTATION

    async def _number_resolution(
        self, conn: AsyncConnection, community: Community, body: str, when: datetime
    ) -> str:
        """The next resolution number of `body` for the year of `when` (local time)."""
        year = local(when, community.timezone).year
        series = reg.SERIES.get(body, "CA")
        n = await reg.next_number(conn, self.db.dialect, community.id, series, year)
        return reg.resolution_ref(body, year, n)

    async def _job_deadline(self, session: AsyncSession, job: Job) -> None:
        """Close (or lapse, if never seconded) a vote whose deadline came."""
        vote_id = int(job.key)
        now = self.clock.now()
        status = await session.scalar(select(Vote.status).where(Vote.id == vote_id))
        if status == OPEN:
            await self._close(session, vote_id, now, "deadline")
        elif status == PROPOSED:
            await self._lapse(session, vote_id, now)

    async def _lapse(self, session: AsyncSession, vote_id: int, now: datetime) -> None:
        conn = await session.connection()
        moved = await conn.execute(
            update(_votes)
            .where(_votes.c.id == vote_id, _votes.c.status == PROPOSED)
            .values(status=LAPSED, closed_at=now, close_reason="lapsed")
        )
        if moved.rowcount != 1:
            return
        vote = await session.get(Vote, vote_id, populate_existing=True)
        assert vote is not None
        await self._audit(
            session, vote.community_id, "vote.lapsed", {"number": vote.number}, vote.id, now
        )
        await outbox.announce(conn, vote, outbox.CLOSED, now)

    async def _job_reminder(self, session: AsyncSession, job: Job) -> None:
        """Queue a reminder for each eligible member who has not voted yet."""
        vote_id = int(job.key.split(":")[0])
        now = self.clock.now()
        vote = await session.get(Vote, vote_id)
        if vote is None or vote.status != OPEN or vote.deadline_at is None:
            return
        if now >= vote.deadline_at:
            return  # late (the bot was down): the close comes next, not a reminder
        minutes = int(job.key.split(":")[1])
        if any(
            m < minutes and vote.deadline_at - timedelta(minutes=m) <= now
            for m in vote.reminders or ()
        ):
            return  # a later reminder is due too: send only that one
        conn = await session.connection()
        key = self._key(vote)
        voters = set(
            (
                await conn.execute(select(_ballots.c.voter).where(_ballots.c.vote_id == vote.id))
            ).scalars()
        )
        rows = (
            await conn.execute(
                select(_electors.c.member_id, _members.c.user_id)
                .join(_members, _members.c.id == _electors.c.member_id)
                .where(_electors.c.vote_id == vote.id, _electors.c.eligible.is_(True))
                .order_by(_electors.c.member_id)
            )
        ).all()
        pending = [uid for mid, uid in rows if voter_key(key, mid) not in voters]
        await outbox.queue_reminders(conn, vote, pending, now)
