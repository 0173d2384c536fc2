"""Casting a ballot: the hot path (SQLite's writer, PostgreSQL's one-call function), the full
path for everything else."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.actor import Actor
from bot.core.decisions import (
    audit,
    messages,  # noqa: F401  (registers the texts)
    policy,
)
from bot.core.decisions import statements as sql
from bot.core.decisions.base import (
    DecisionBase,
    _conflicts,
    _SlowPath,
    parse_number,
)
from bot.core.decisions.options import (
    meeting_choice,
    motion_choice,
    poll_choice,
)
from bot.core.decisions.rules import (
    encode_options,
)
from bot.core.decisions.secrecy import voter_key
from bot.core.decisions.viewing import options_of
from bot.core.decisions.views import (
    MOTION,
    OPEN,
    POLL,
    BallotReceipt,
)
from bot.core.errors import NotFound, PermissionDenied, StateConflict
from bot.models import Member
from bot.models.decisions import (
    Ballot,
    Vote,
    VoteOption,
)

log = logging.getLogger(__name__)

_votes = Vote.__table__
_options = VoteOption.__table__
_ballots = Ballot.__table__
_members = Member.__table__


class Casting(DecisionBase):
    """Ballots: checked, written, chained in the audit log; the last one closes the vote."""

    # --- Ballots (the hot path) ------------------------------------------------------------

    async def _community_id(self, session: AsyncSession, actor: Actor) -> int:
        key = actor.community.key
        cid = self._community_ids.get(key)
        if cid is None:
            cid = (await self.communities.community(session, actor.community)).id
            self._community_ids[key] = cid
        return cid

    def _known_voter(self, cid: int, number: int, user_id: str) -> str:
        """The voter key when both the member and the open vote are known, else ''."""
        known = self._open_votes.get((cid, number))
        mid = self._member_ids.get((cid, user_id))
        return voter_key(known, mid) if known is not None and mid is not None else ""

    async def cast(self, actor: Actor, number: int | str, choice: str) -> BallotReceipt:
        """Cast or change a ballot: Pour/Contre/Abstention, poll options, or date answers."""
        number = parse_number(number)
        if self._writer is not None:
            try:
                return await self._cast_fast(actor, number, choice)
            except _SlowPath:
                pass  # rolled back: the full path below decides (and explains any refusal)
        elif self._pg is not None:
            try:
                return await self._cast_pg(actor, number, choice)
            except _SlowPath:
                pass  # nothing written: the full path below decides
        return await self._cast_full(actor, number, choice)

    async def _cast_pg(self, actor: Actor, number: int, choice: str) -> BallotReceipt:
        """The common ballot on PostgreSQL: one call of `coopilote_cast_ballot` (migration
        0009p), with the same checks as `_cast_fast`, in its own transaction."""
        assert self._pg is not None
        cid = self._community_ids.get(actor.community.key)
        known = self._open_votes.get((cid, number)) if cid is not None else None
        if cid is None or known is None or known.kind != MOTION:
            raise _SlowPath
        value = motion_choice(choice)
        mid = self._member_ids.get((cid, actor.user_id))
        if mid is None:
            mid = await self._pg.member_id(cid, actor.user_id)
            if mid is None:
                raise _SlowPath  # a new member: the full path records them
            self._member_ids[(cid, actor.user_id)] = mid
        now = self.clock.now()
        name = (actor.display_name or actor.user_id)[:200]
        row = await self._pg.cast(
            cid,
            number,
            known.vote_id,
            known.kind,
            known.secret,
            mid,
            actor.user_id,
            name,
            json.dumps(sorted(actor.roles)),
            actor.is_admin,
            voter_key(known, mid),
            value,
            now,
            audit.json_time(now),
            audit.canonical(self._ballot_event(number, known.secret, mid, name, value)),
        )
        if row["outcome"] != "ok":
            raise _SlowPath
        self._log_ballot(number, row["mine"])
        return BallotReceipt(
            number=number,
            kind=known.kind,
            title=row["title"],
            secret=known.secret,
            changed=row["mine"],
            choice=None if known.secret else value,
            deadline=row["deadline"],
            timezone=row["tz"],
        )

    async def _cast_fast(self, actor: Actor, number: int, choice: str) -> BallotReceipt:
        """The common ballot (known member, open motion, not the last voter) in one round
        trip to the writer's thread: the upsert returning what it must be checked against,
        the checks, the audit entry, the commit; any failed check rolls it all back."""
        assert self._writer is not None
        cid = self._community_ids.get(actor.community.key)
        known = self._open_votes.get((cid, number)) if cid is not None else None
        mid = self._member_ids.get((cid, actor.user_id)) if cid is not None else None
        if cid is None or known is None or mid is None or known.kind != MOTION:
            raise _SlowPath
        value = motion_choice(choice)
        now = self.clock.now()
        params = {
            "vote_id": known.vote_id,
            "voter": voter_key(known, mid),
            "choice": value,
            "number": number,
            "cid": cid,
            "mid": mid,
            "uid": actor.user_id,
        }
        upsert = sql.fast_ballot_upsert(self.db.dialect)
        wanted = (
            (actor.display_name or actor.user_id)[:200],
            sorted(actor.roles),
            actor.is_admin,
            True,
        )

        def body(tx: Any) -> tuple[Any, ...]:
            # Runs on the writer's thread: only its arguments and immutable values here.
            row = tx.first(upsert, params)
            (
                revisions, status, secret, deadline, electorate, early, kind, title,
                eligible, cast_count, name, roles, is_admin, active, tz, head_seq, head_hash,
            ) = row  # fmt: skip
            if (
                status != OPEN
                or (bool(secret), kind) != (known.secret, known.kind)
                or early
                or not eligible
                or (deadline is not None and now >= deadline)
                or head_seq is None
                or (name, roles or [], bool(is_admin), bool(active)) != wanted
            ):
                raise _SlowPath  # rolled back: the full path refuses or handles it
            mine = revisions > 0
            if not mine and cast_count >= electorate:
                raise _SlowPath  # the last ballot closes the vote: the full path does it
            tx.run(
                audit.INSERT_EVENT,
                audit.event_values(
                    cid,
                    head_seq,
                    head_hash,
                    "ballot.changed" if mine else "ballot.cast",
                    now,
                    self._ballot_event(number, bool(secret), mid, name, value),
                    known.vote_id,
                ),
            )
            return mine, kind, title, bool(secret), deadline, tz

        mine, kind, title, secret, deadline, tz = await self._writer.call(body)
        self._log_ballot(number, mine)
        return BallotReceipt(
            number=number,
            kind=kind,
            title=title,
            secret=secret,
            changed=mine,
            choice=None if secret else value,
            deadline=deadline,
            timezone=tz,
        )

    async def my_answers(self, actor: Actor, number: int | str) -> tuple[int, str | None]:
        """A meeting poll's number of dates, and the member's stored answers when the poll
        is open and named (never a secret ballot's; None when there is none).

        What a click on one date needs to keep the other answers, read in one short read-only
        unit of work instead of the whole view (`show`): the cast that follows checks
        everything and refuses or explains as before.
        """
        number = parse_number(number)
        cid = self._community_ids.get(actor.community.key)
        if cid is None:  # not seen yet in this process: the full view (creates the community)
            view = await self.show(actor, number)
            mine = view.viewer.choice if view.viewer is not None else None
            return len(view.options), mine
        async with self.db.reading() as session:
            conn = await session.connection()
            vote = (
                await conn.execute(
                    select(
                        _votes.c.id,
                        _votes.c.secret,
                        _votes.c.status,
                        select(func.count())
                        .select_from(_options)
                        .where(_options.c.vote_id == _votes.c.id)
                        .scalar_subquery(),
                    ).where(_votes.c.community_id == cid, _votes.c.number == number)
                )
            ).first()
            if vote is None:
                raise NotFound("decision.not_found", number=number)  # as `show` says
            vote_id, secret, status, dates = vote
            if secret or status != OPEN:
                return int(dates), None  # a secret ballot is never read back
            mid = self._member_ids.get((cid, actor.user_id))
            if mid is None:
                mid = await conn.scalar(
                    select(_members.c.id).where(
                        _members.c.community_id == cid, _members.c.user_id == actor.user_id
                    )
                )
                if mid is None:
                    return int(dates), None  # first contact: no ballot yet
            mine = await conn.scalar(
                select(_ballots.c.choice).where(
                    _ballots.c.vote_id == vote_id,
                    _ballots.c.voter == voter_key(self.keys.of(vote_id, False), mid),
                )
            )
            return int(dates), mine

    @staticmethod
    def _ballot_event(number: int, secret: bool, mid: int, name: str, value: str) -> dict[str, Any]:
        """The audit data of a ballot: who and what when nominal; neither when secret."""
        if secret:
            return {"number": number}
        return {"number": number, "member": [mid, name], "choice": value}

    @staticmethod
    def _log_ballot(number: int, changed: bool) -> None:
        # Never the voter with the choice: a ballot is logged with neither.
        if log.isEnabledFor(logging.DEBUG):
            log.debug("ballot recorded on vote %s (changed=%s)", number, changed)

    @staticmethod
    def _member_unchanged(
        actor: Actor, name: str, roles: list[str] | None, is_admin: bool, active: bool
    ) -> bool:
        """The stored member is what the platform says now (else the upsert must write)."""
        return (name, roles or [], bool(is_admin), bool(active)) == (
            (actor.display_name or actor.user_id)[:200],
            sorted(actor.roles),
            actor.is_admin,
            True,
        )

    async def _cast_full(self, actor: Actor, number: int, choice: str) -> BallotReceipt:
        """Any ballot, through the engine: new members, polls, the last ballot, refusals."""
        now = self.clock.now()
        closed = False
        async with self.db.transaction() as session:
            await self._scrub_deletes(session)
            conn = await session.connection()
            cid = await self._community_id(session, actor)
            # Before reading the vote's state: a close in progress is waited for, then seen.
            await self._lock_vote(conn, cid, number)
            voter = self._known_voter(cid, number, actor.user_id)
            params = {"cid": cid, "uid": actor.user_id, "number": number, "voter": voter}
            row = (await conn.execute(sql.STATE, params)).first()
            if row is None:
                # First command of this member: the full upsert, then the same query.
                await self.communities.member(session, actor)
                row = (await conn.execute(sql.STATE, params)).first()
                assert row is not None
            (
                mid, name, roles, is_admin, active, vote_id, kind, status, secret,
                deadline, electorate, max_choices, early, title, eligible, cast_count, mine,
                tz, _seq, _hash,
            ) = row  # fmt: skip
            self._member_ids[(cid, actor.user_id)] = mid
            if not self._member_unchanged(actor, name, roles, is_admin, active):
                await self.communities.member(session, actor)
            if vote_id is None:
                raise NotFound("decision.not_found", number=number)
            if status != OPEN:
                raise policy.state_error(status, number)
            if deadline is not None and now >= deadline:
                self.scheduler.wake()  # the close is due: let the scheduler do it now
                raise StateConflict("decision.deadline_passed", number=number)
            if eligible is None:
                if await conn.scalar(
                    select(func.count())
                    .select_from(_conflicts)
                    .where(_conflicts.c.vote_id == vote_id, _conflicts.c.member_id == mid)
                ):
                    raise StateConflict("decision.in_conflict", number=number)
                community = await self.communities.community(session, actor.community)
                body = await self._body(conn, vote_id)
                role = policy.role_of(body, self._settings(community))
                raise PermissionDenied("decision.not_elector", number=number, role=role)
            if not eligible:
                raise StateConflict("decision.in_conflict", number=number)
            vkey = self.keys.of(vote_id, bool(secret), kind)
            if voter and self._open_votes.get((cid, number)) != vkey:
                voter = ""  # the remembered vote is not this one: compute again
            if not voter:
                voter = voter_key(vkey, mid)
                mine = (await conn.execute(sql.MINE, {"vote_id": vote_id, "voter": voter})).scalar()
            labels: tuple[str, ...] = ()
            if kind == MOTION:
                value = motion_choice(choice)
            else:
                options = await options_of(conn, vote_id)
                if kind == POLL:
                    positions = poll_choice(choice, options, max_choices)
                    value = encode_options(positions)
                    labels = tuple(options[p - 1].label for p in positions)
                else:
                    value = meeting_choice(choice, options)
            await conn.execute(
                sql.ballot_upsert(self.db.dialect),
                {"vote_id": vote_id, "voter": voter, "choice": value},
            )
            await audit.append(
                conn,
                cid,
                "ballot.changed" if mine else "ballot.cast",
                now,
                self._ballot_event(number, bool(secret), mid, name, value),
                vote_id,
            )
            if not mine and cast_count + 1 >= electorate:
                closed = await self._close(session, vote_id, now, "all_voted")
            elif early and kind == MOTION and not secret:
                vote = await session.get(Vote, vote_id)
                assert vote is not None
                if await self._decided(conn, vote) is not None:
                    closed = await self._close(session, vote_id, now, "decided")
            if not closed:
                self._open_votes[(cid, number)] = vkey
        self._log_ballot(number, bool(mine))
        if closed:
            await self.deliver_outbox()
            await self.truncate_journal()
        return BallotReceipt(
            number=number,
            kind=kind,
            title=title,
            secret=bool(secret),
            changed=bool(mine),
            choice=None if secret else value,
            deadline=deadline,
            timezone=tz,
            closed=closed,
            labels=() if secret else labels,
        )
