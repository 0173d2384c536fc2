"""The SQL of a ballot, as SQLAlchemy Core: built once, the same for both ways of writing.

`STATE` and `MINE` serve the portable path (through the engine); `fast_ballot_upsert` is the
hot path's single statement that writes the ballot and returns what it must be checked
against (`bot.core.decisions.writer` runs it on SQLite's own thread).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, case, exists, func, select

from bot.core.sql import upsert
from bot.models import Community, Member
from bot.models.decisions import AuditHead, Ballot, Vote, VoteElector

_votes = Vote.__table__
_electors = VoteElector.__table__
_ballots = Ballot.__table__
_members = Member.__table__
_communities = Community.__table__
_heads = AuditHead.__table__

_MINE_EXISTS = exists().where(
    _ballots.c.vote_id == _votes.c.id, _ballots.c.voter == bindparam("voter")
)
# Everything a ballot needs to know, in one query: the member as stored, the vote, the
# member's place in its electorate, the ballots so far, whether this voter already has
# one, the community's timezone and the head of its audit log.
STATE = (
    select(
        _members.c.id,
        _members.c.display_name,
        _members.c.roles,
        _members.c.is_admin,
        _members.c.active,
        _votes.c.id,
        _votes.c.kind,
        _votes.c.status,
        _votes.c.secret,
        _votes.c.deadline_at,
        _votes.c.electorate_size,
        _votes.c.max_choices,
        _votes.c.early_close,
        _votes.c.title,
        _electors.c.eligible,
        # Ballots so far: only needed (and counted) when this may be a first ballot.
        case(
            (_MINE_EXISTS, None),
            else_=select(func.count())
            .select_from(_ballots)
            .where(_ballots.c.vote_id == _votes.c.id)
            .scalar_subquery(),
        ),
        _MINE_EXISTS.label("mine"),
        _communities.c.timezone,
        select(_heads.c.seq)
        .where(_heads.c.community_id == _members.c.community_id)
        .scalar_subquery(),
        select(_heads.c.hash)
        .where(_heads.c.community_id == _members.c.community_id)
        .scalar_subquery(),
    )
    .select_from(
        _members.join(_communities, _communities.c.id == _members.c.community_id)
        .outerjoin(
            _votes,
            and_(
                _votes.c.community_id == _members.c.community_id,
                _votes.c.number == bindparam("number"),
            ),
        )
        .outerjoin(
            _electors,
            and_(_electors.c.vote_id == _votes.c.id, _electors.c.member_id == _members.c.id),
        )
    )
    .where(_members.c.community_id == bindparam("cid"), _members.c.user_id == bindparam("uid"))
)
# PostgreSQL: the vote's row, held until the unit of work ends. Ballots, the close and a
# withdrawal of the same vote take it first, so they run one after the other: a ballot waits
# for a close in progress and then reads « closed », a close counts every ballot committed
# before it. FOR NO KEY UPDATE, like the close's own UPDATE: rows that merely refer to the
# vote (ballots, audit events) are not held up. SQLite needs none: BEGIN IMMEDIATE already
# serialises every writer.
LOCK_VOTE = (
    select(_votes.c.id)
    .where(_votes.c.community_id == bindparam("cid"), _votes.c.number == bindparam("number"))
    .with_for_update(key_share=True)
)
MINE = select(
    exists().where(
        _ballots.c.vote_id == bindparam("vote_id"), _ballots.c.voter == bindparam("voter")
    )
)


@cache
def ballot_upsert(dialect: str) -> Any:
    """Insert a ballot, or replace the voter's choice (counting the change)."""
    return upsert(
        dialect,
        _ballots,
        ["vote_id", "voter"],
        {"choice": "choice", "revisions": _ballots.c.revisions + 1},
        values={
            "vote_id": bindparam("vote_id"),
            "voter": bindparam("voter"),
            "choice": bindparam("choice"),
            "revisions": 0,
        },
    )


@cache
def fast_ballot_upsert(dialect: str) -> Any:
    """The ballot upsert that also returns everything needed to check it, in one trip.

    The hot path writes first and checks after, in the same transaction: when a check fails
    it rolls back, so a refused ballot changes nothing.
    """
    vote = and_(
        _votes.c.id == bindparam("vote_id"),
        _votes.c.number == bindparam("number"),
        _votes.c.community_id == bindparam("cid"),
    )
    member = and_(
        _members.c.id == bindparam("mid"),
        _members.c.community_id == bindparam("cid"),
        _members.c.user_id == bindparam("uid"),
    )

    def of(column: Any, where: Any, name: str) -> Any:
        return select(column).where(where).scalar_subquery().label(name)

    return ballot_upsert(dialect).returning(
        _ballots.c.revisions,
        of(_votes.c.status, vote, "status"),
        of(_votes.c.secret, vote, "secret"),
        of(_votes.c.deadline_at, vote, "deadline"),
        of(_votes.c.electorate_size, vote, "electorate"),
        of(_votes.c.early_close, vote, "early"),
        of(_votes.c.kind, vote, "kind"),
        of(_votes.c.title, vote, "title"),
        of(
            _electors.c.eligible,
            and_(
                _electors.c.vote_id == bindparam("vote_id"),
                _electors.c.member_id == bindparam("mid"),
            ),
            "eligible",
        ),
        of(func.count(), _ballots.c.vote_id == bindparam("vote_id"), "cast"),
        of(_members.c.display_name, member, "name"),
        of(_members.c.roles, member, "roles"),
        of(_members.c.is_admin, member, "is_admin"),
        of(_members.c.active, member, "active"),
        of(_communities.c.timezone, _communities.c.id == bindparam("cid"), "tz"),
        of(_heads.c.seq, _heads.c.community_id == bindparam("cid"), "head_seq"),
        of(_heads.c.hash, _heads.c.community_id == bindparam("cid"), "head_hash"),
    )
