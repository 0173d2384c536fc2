"""Results of a vote: counted from its ballots, stored at the close, read back as frozen data.

Counts are always kept; names only for nominal votes. For a secret vote no query returns a
voter beside a choice, not even to this process (the driver may log result rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.decisions.rules import (
    Majority,
    Outcome,
    Quorum,
    QuorumKind,
    Seats,
    SlotCount,
    Tally,
    best_slot,
    decode_options,
    outcome,
    poll_counts,
    poll_leaders,
    slot_counts,
    unanimous,
)
from bot.core.decisions.secrecy import VoteKey, voter_key
from bot.core.decisions.views import (
    BOARD,
    MOTION,
    POLL,
    MeetingResult,
    MotionResult,
    OptionView,
    PollResult,
    Result,
)
from bot.core.text import fold
from bot.models.decisions import Ballot, Vote, VoteElector

_ballots = Ballot.__table__
_electors = VoteElector.__table__

# Below this many ballots a secret vote's counts are never published (nor stored): with one
# or two ballots, counts beside the list of who voted would tell who voted what.
SECRET_MIN_BALLOTS = 3


def is_written(vote: Vote) -> bool:
    """A board motion needing every director's Pour: a written resolution (C.c.Q. 354)."""
    return vote.kind == MOTION and vote.body == BOARD and vote.majority == Majority.UNANIMITY


def seats_of(vote: Vote, entitled: int) -> Seats:
    """Those in office (fixed at the opening) and those entitled to vote now."""
    return Seats(max(vote.in_office or 0, entitled), entitled)


async def eligible_electors(conn: AsyncConnection, vote_id: int) -> list[Any]:
    """The members entitled to vote on a vote (id, name at the opening)."""
    return list(
        (
            await conn.execute(
                select(_electors.c.member_id, _electors.c.display_name).where(
                    _electors.c.vote_id == vote_id, _electors.c.eligible.is_(True)
                )
            )
        ).all()
    )


async def ballots_of(
    conn: AsyncConnection, vote: Vote, key: VoteKey, electors: Sequence[Any]
) -> tuple[dict[int, str], list[str], set[int]]:
    """(choice per member for nominal votes, every choice, who voted).

    For a secret vote no query returns a voter key beside a choice (the database
    driver logs result rows at DEBUG level): counts come from a GROUP BY, and
    participation from the voter keys alone.
    """
    if vote.secret:
        grouped = (
            await conn.execute(
                select(_ballots.c.choice, func.count())
                .where(_ballots.c.vote_id == vote.id)
                .group_by(_ballots.c.choice)
                .order_by(_ballots.c.choice)
            )
        ).all()
        choices = [choice for choice, n in grouped for _ in range(n)]
        keys = set(
            (
                await conn.execute(select(_ballots.c.voter).where(_ballots.c.vote_id == vote.id))
            ).scalars()
        )
        voted = {mid for mid, _ in electors if voter_key(key, mid) in keys}
        return {}, choices, voted
    pairs = dict(
        (
            await conn.execute(
                select(_ballots.c.voter, _ballots.c.choice).where(_ballots.c.vote_id == vote.id)
            )
        ).all()
    )
    choice_of = {mid: pairs[str(mid)] for mid, _ in electors if str(mid) in pairs}
    return choice_of, list(choice_of.values()), set(choice_of)


def result_data(
    vote: Vote,
    electors: Sequence[Any],
    voted_ids: set[int],
    choices: list[str],
    choice_of: dict[int, str],
    options: tuple[OptionView, ...],
) -> dict[str, Any]:
    """The result of a vote as stored: counts always, names only for nominal votes."""
    names = {mid: name for mid, name in electors}
    electorate = len(electors)
    non_voters = sorted((names[m] for m in names if m not in voted_ids), key=fold)
    data: dict[str, Any] = {"voters": len(voted_ids), "non_voter_count": len(non_voters)}
    nominal = not vote.secret

    def who(test: Any) -> list[str]:
        return sorted((names[m] for m, v in choice_of.items() if test(v)), key=fold)

    if nominal:
        data["non_voters"] = non_voters
    if vote.kind == MOTION:
        tally = Tally.of(choices)
        quorum = Quorum(QuorumKind(vote.quorum_kind), vote.quorum_value)
        majority = Majority(vote.majority)
        seats = seats_of(vote, electorate)
        written = is_written(vote)
        hidden = vote.secret and tally.cast < SECRET_MIN_BALLOTS
        data.update(
            pour=None if hidden else tally.pour,
            contre=None if hidden else tally.contre,
            abstention=None if hidden else tally.abstention,
            hidden=hidden,
            ballots=tally.cast,
            electorate=electorate,
            in_office=seats.in_office,
            recused=seats.recused,
            written=written,
            quorum_required=0 if written else quorum.required(seats.in_office),
            quorum_met=written or quorum.met(tally.cast, seats.in_office),
            unanimous=unanimous(tally),
            outcome=outcome(tally, seats, quorum, majority, written=written).value,
        )
        if nominal:
            data["names"] = {
                c: who(lambda v, c=c: v == c) for c in ("pour", "contre", "abstention")
            }
    elif vote.kind == POLL:
        data["counts"] = list(poll_counts(choices, len(options)))
        if nominal:
            data["names"] = [who(lambda v, p=o.position: p in decode_options(v)) for o in options]
    else:
        counts = slot_counts(choices, [o.starts_at for o in options])
        best = best_slot(counts)
        data.update(
            yes=[c.yes for c in counts],
            maybe=[c.maybe for c in counts],
            no=[c.no for c in counts],
            best=best.position if best else None,
        )
        if nominal:
            data["names"] = [
                [
                    who(lambda v, i=i: len(v) > i and v[i] == "y"),
                    who(lambda v, i=i: len(v) > i and v[i] == "m"),
                ]
                for i in range(len(options))
            ]
    if vote.kind != MOTION and vote.secret and len(voted_ids) < SECRET_MIN_BALLOTS:
        # An anonymous poll with one or two answers: its counts would tell who chose what.
        zeros = [0] * len(options)
        data.update(hidden=True, counts=zeros, yes=zeros, maybe=zeros, no=zeros, best=None)
        if vote.kind == POLL:
            for key in ("yes", "maybe", "no", "best"):
                data.pop(key)
        else:
            data.pop("counts")
    return data


def result_from(vote: Vote, data: dict[str, Any], options: tuple[OptionView, ...]) -> Result:
    """The stored result as frozen data."""
    if vote.kind == MOTION:
        names = data.get("names") or {}
        hidden = bool(data.get("hidden"))
        tally = (
            Tally()
            if hidden
            else Tally(data.get("pour") or 0, data.get("contre") or 0, data.get("abstention") or 0)
        )
        ballots = int(data.get("ballots", tally.cast))
        electorate = int(data["electorate"])
        return MotionResult(
            tally=tally,
            electorate=electorate,
            quorum_required=data["quorum_required"],
            quorum_met=data["quorum_met"],
            outcome=Outcome(data["outcome"]),
            unanimous=data["unanimous"],
            names=tuple((c, tuple(names.get(c, ()))) for c in ("pour", "contre", "abstention"))
            if names
            else (),
            non_voters=tuple(data.get("non_voters", ())),
            non_voter_count=data.get("non_voter_count", 0),
            in_office=int(data.get("in_office", electorate)),
            recused=int(data.get("recused", 0)),
            ballots=ballots,
            hidden=hidden,
            written=bool(data.get("written", False)),
        )
    if vote.kind == POLL:
        counts = tuple(data["counts"])
        return PollResult(
            counts=counts,
            leaders=poll_leaders(counts),
            voters=data["voters"],
            names=tuple(tuple(n) for n in data.get("names", ())),
            hidden=bool(data.get("hidden")),
        )
    slots = tuple(
        SlotCount(o.position, o.starts_at, data["yes"][i], data["maybe"][i], data["no"][i])
        for i, o in enumerate(options)
    )
    return MeetingResult(
        slots=slots,
        best=data.get("best"),
        voters=data["voters"],
        names=tuple((tuple(y), tuple(m)) for y, m in data.get("names", ())),
        hidden=bool(data.get("hidden")),
    )
