"""The frozen view of a vote, as one member may see it (or as announced to everyone)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.decisions.results import (
    ballots_of,
    eligible_electors,
    result_data,
    result_from,
)
from bot.core.decisions.rules import Majority, Outcome, Quorum, QuorumKind
from bot.core.decisions.secrecy import VoteKey, voter_key
from bot.core.decisions.views import (
    CLOSED,
    OPEN,
    PROPOSED,
    OptionView,
    Result,
    Rules,
    Viewer,
    VoteView,
)
from bot.models import Community, Member
from bot.models.decisions import (
    AuditHead,
    Ballot,
    Vote,
    VoteConflict,
    VoteElector,
    VoteOption,
)

_options = VoteOption.__table__
_electors = VoteElector.__table__
_ballots = Ballot.__table__
_conflicts = VoteConflict.__table__
_members = Member.__table__
_heads = AuditHead.__table__


async def options_of(conn: AsyncConnection, vote_id: int) -> tuple[OptionView, ...]:
    """A poll's options or a meeting poll's dates, in order."""
    rows = await conn.execute(
        select(_options.c.position, _options.c.label, _options.c.starts_at)
        .where(_options.c.vote_id == vote_id)
        .order_by(_options.c.position)
    )
    return tuple(OptionView(p, label, starts) for p, label, starts in rows)


async def build_view(
    session: AsyncSession,
    vote: Vote,
    community: Community,
    member: Member | None,
    key: VoteKey,
    *,
    in_body: bool,
    admin: bool,
) -> VoteView:
    """The view of `vote` for `member` (None: as announced). Results of a vote still open
    only when they are live and the vote is not secret; a secret ballot is never read back."""
    conn = await session.connection()
    people = dict(
        (
            await conn.execute(
                select(_members.c.id, _members.c.display_name).where(
                    _members.c.id.in_([vote.proposer_id, vote.seconder_id or 0])
                )
            )
        ).all()
    )
    options = await options_of(conn, vote.id)
    conflicts = tuple(
        (
            await conn.execute(
                select(_conflicts.c.display_name)
                .where(_conflicts.c.vote_id == vote.id)
                .order_by(_conflicts.c.declared_at, _conflicts.c.member_id)
            )
        ).scalars()
    )
    rules = Rules(
        majority=Majority(vote.majority),
        quorum=Quorum(QuorumKind(vote.quorum_kind), vote.quorum_value),
        secret=vote.secret,
        require_seconder=vote.require_seconder,
        early_close=vote.early_close,
        live_results=vote.live_results,
        max_choices=vote.max_choices,
        reminders=tuple(vote.reminders or ()),
        duration=(
            timedelta(seconds=vote.duration_seconds) if vote.duration_seconds is not None else None
        ),
    )
    result: Result | None = None
    voted_count = 0
    my_choice: str | None = None
    voted = False
    eligible = False
    if vote.status == CLOSED and vote.result:
        result = result_from(vote, vote.result, options)
        voted_count = int(vote.result.get("voters", 0))
    elif vote.status == OPEN:
        voted_count = int(
            await conn.scalar(
                select(func.count()).select_from(_ballots).where(_ballots.c.vote_id == vote.id)
            )
            or 0
        )
        if member is not None:
            voter = voter_key(key, member.id)
            # A secret ballot is only checked for existence, never read back.
            column = _ballots.c.voter if vote.secret else _ballots.c.choice
            mine = await conn.scalar(
                select(column).where(_ballots.c.vote_id == vote.id, _ballots.c.voter == voter)
            )
            voted = mine is not None
            if not vote.secret:
                my_choice = mine
            eligible = bool(
                await conn.scalar(
                    select(_electors.c.eligible).where(
                        _electors.c.vote_id == vote.id, _electors.c.member_id == member.id
                    )
                )
            )
        if vote.live_results and not vote.secret:
            electors = await eligible_electors(conn, vote.id)
            choice_of, choices, voted_ids = await ballots_of(conn, vote, key, electors)
            data = result_data(vote, electors, voted_ids, choices, choice_of, options)
            result = result_from(vote, data, options)
    elif vote.status == PROPOSED and member is not None:
        eligible = in_body
    conflict = member is not None and bool(
        await conn.scalar(
            select(func.count())
            .select_from(_conflicts)
            .where(_conflicts.c.vote_id == vote.id, _conflicts.c.member_id == member.id)
        )
    )
    viewer = None
    if member is not None:
        viewer = Viewer(
            eligible=eligible and not conflict,
            voted=voted,
            conflict=conflict,
            choice=my_choice,
            can_manage=admin or vote.proposer_id == member.id,
        )
    audit = (vote.result or {}).get("audit") if vote.status == CLOSED else None
    # A closed vote prints the names frozen at its close (verified against the audit log).
    frozen = (vote.result or {}) if vote.status == CLOSED else {}
    return VoteView(
        number=vote.number,
        kind=vote.kind,
        body=vote.body,
        title=vote.title,
        text=vote.text,
        status=vote.status,
        proposer=frozen.get("proposer") or people.get(vote.proposer_id, "?"),
        seconder=frozen.get("seconder")
        or (people.get(vote.seconder_id) if vote.seconder_id else None),
        channel_id=vote.channel_id,
        rules=rules,
        options=options,
        created_at=vote.created_at,
        opened_at=vote.opened_at,
        deadline=vote.deadline_at,
        closed_at=vote.closed_at,
        close_reason=vote.close_reason,
        electorate_size=vote.electorate_size,
        voted_count=voted_count,
        conflicts=conflicts,
        result=result,
        outcome=Outcome(vote.outcome) if vote.outcome else None,
        resolution=vote.resolution,
        community=community.name,
        timezone=community.timezone,
        language=community.language,
        viewer=viewer,
        audit_hash=audit[1] if audit else None,
        audit_seq=audit[0] if audit else None,
        binding=vote.binding,
        ratified_on=vote.ratified_on,
        in_office=vote.in_office,
        head=await _head(conn, community.id),
    )


async def _head(conn: AsyncConnection, community_id: int) -> tuple[int, str] | None:
    """The newest event of the community's log (printed with announcements and extracts)."""
    row = (
        await conn.execute(
            select(_heads.c.seq, _heads.c.hash).where(_heads.c.community_id == community_id)
        )
    ).first()
    return (int(row[0]), str(row[1])) if row is not None else None
