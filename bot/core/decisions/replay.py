"""Rebuild every vote from the audit events and compare it with the tables the register reads.

The hash chain proves the events were not edited; this proves the tables were not either:
a vote's text, rules, options, electorate, conflicts, status, outcome, counts, legal value and
resolution number are recomputed from the events (nominal ballots are recounted one by one,
and the outcome recomputed from the rules) and every difference is named with the vote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.decisions.rules import Majority, Quorum, QuorumKind, Seats, Tally, outcome
from bot.core.decisions.views import BOARD, MOTION
from bot.models.decisions import Vote, VoteConflict, VoteElector, VoteOption

_COUNTS = ("pour", "contre", "abstention")


@dataclass
class _Replayed:
    """A vote as its events tell it."""

    number: int
    kind: str
    body: str
    title: str
    text: str
    options: list[str]
    proposer: int
    rules: dict[str, Any]
    seconder: int | None = None
    status: str = "proposed"
    electors: dict[int, str] = field(default_factory=dict)
    in_office: int = 0
    conflicts: dict[int, tuple[str, str]] = field(default_factory=dict)
    recused: set[int] = field(default_factory=set)
    ballots: dict[int, str] = field(default_factory=dict)
    result: dict[str, Any] | None = None
    resolution: str | None = None
    binding: str | None = None
    ratified_on: str | None = None


def _apply(votes: dict[int, _Replayed], kind: str, vote_id: int | None, data: dict) -> None:
    """Move the replayed state by one event."""
    if vote_id is None:
        return
    if kind == "vote.proposed":
        votes[vote_id] = _Replayed(
            number=data["number"],
            kind=data["kind"],
            body=data["body"],
            title=data.get("title", ""),
            text=data.get("text", ""),
            options=list(data.get("options", [])),
            proposer=int(data["proposer"][0]),
            rules=data.get("rules", {}),
        )
        return
    vote = votes.get(vote_id)
    if vote is None:
        return
    if kind == "vote.seconded":
        vote.seconder = int(data["seconder"][0])
    elif kind == "vote.opened":
        vote.status = "open"
        vote.electors = {int(mid): name for mid, name in data.get("electorate", [])}
        vote.in_office = int(data.get("in_office", len(vote.electors)))
    elif kind == "conflict.declared":
        mid, name = int(data["member"][0]), data["member"][1]
        vote.conflicts[mid] = (name, data.get("reason", ""))
        if vote.status == "open":
            vote.recused.add(mid)
            vote.ballots.pop(mid, None)  # the ballot leaves with the member
    elif kind in ("ballot.cast", "ballot.changed") and "member" in data:
        vote.ballots[int(data["member"][0])] = data["choice"]
    elif kind == "vote.closed":
        vote.status = "closed"
        vote.result = data.get("result") or {}
        vote.resolution = data.get("resolution")
        vote.binding = vote.result.get("binding")
    elif kind == "vote.withdrawn":
        vote.status = "withdrawn"
    elif kind == "vote.lapsed":
        vote.status = "lapsed"
    elif kind == "vote.ratified":
        vote.resolution = data.get("resolution")
        vote.binding = "resolution"
        vote.ratified_on = data.get("meeting")


def _recount(vote: _Replayed) -> dict[str, Any] | None:
    """Counts and outcome of a closed nominal motion, from its ballot events alone."""
    if vote.kind != MOTION or vote.status != "closed" or vote.rules.get("secret"):
        return None
    tally = Tally.of([c for mid, c in vote.ballots.items() if mid not in vote.recused])
    entitled = len(vote.electors) - len(vote.recused & set(vote.electors))
    seats = Seats(max(vote.in_office, entitled), entitled)
    kind, value = vote.rules.get("quorum", ["none", 0])
    majority = Majority(vote.rules.get("majority", "simple"))
    written = vote.body == BOARD and majority is Majority.UNANIMITY
    decided = outcome(tally, seats, Quorum(QuorumKind(kind), value), majority, written=written)
    return {
        "pour": tally.pour,
        "contre": tally.contre,
        "abstention": tally.abstention,
        "outcome": decided.value,
    }


async def differences(
    session: AsyncSession, community_id: int, events: list[Any]
) -> list[tuple[int | None, str]]:
    """(vote number, what differs) for every vote of a community whose tables disagree
    with its events; `events` are (seq, kind, vote_id, data) in chain order."""
    votes: dict[int, _Replayed] = {}
    for _seq, kind, vote_id, data in events:
        try:
            parsed = json.loads(data)
        except (TypeError, ValueError):
            continue  # an edited event: the chain check names it
        try:
            _apply(votes, kind, vote_id, parsed)
        except (KeyError, IndexError, TypeError, ValueError):
            continue
    rows = (await session.scalars(select(Vote).where(Vote.community_id == community_id))).all()
    out: list[tuple[int | None, str]] = []
    seen: set[int] = set()
    for row in rows:
        seen.add(row.id)
        replayed = votes.get(row.id)
        if replayed is None:
            out.append((row.number, "absent du journal / not in the log"))
            continue
        out.extend((row.number, what) for what in await _compare(session, row, replayed))
    out.extend(
        (v.number, "vote supprimé des tables / vote deleted")
        for vote_id, v in votes.items()
        if vote_id not in seen
    )
    return out


async def _compare(session: AsyncSession, row: Vote, vote: _Replayed) -> list[str]:
    """The fields of one vote that differ from its events."""
    diffs: list[str] = []
    rules = vote.rules
    quorum = rules.get("quorum", [row.quorum_kind, row.quorum_value])
    expected = {
        "number": vote.number,
        "kind": vote.kind,
        "body": vote.body,
        "title": vote.title,
        "text": vote.text,
        "proposer": vote.proposer,
        "seconder": vote.seconder,
        "status": vote.status,
        "majority": rules.get("majority", row.majority),
        "quorum": [quorum[0], int(quorum[1])],
        "secret": bool(rules.get("secret", row.secret)),
        "resolution": vote.resolution,
        "binding": vote.binding if vote.status == "closed" else row.binding,
    }
    actual = {
        "number": row.number,
        "kind": row.kind,
        "body": row.body,
        "title": row.title,
        "text": row.text,
        "proposer": row.proposer_id,
        "seconder": row.seconder_id,
        "status": row.status,
        "majority": row.majority,
        "quorum": [row.quorum_kind, row.quorum_value],
        "secret": bool(row.secret),
        "resolution": row.resolution,
        "binding": row.binding,
    }
    if vote.status in ("open", "closed"):
        expected["electorate"] = len(vote.electors) - len(vote.recused & set(vote.electors))
        actual["electorate"] = row.electorate_size
        expected["in_office"] = vote.in_office
        actual["in_office"] = row.in_office
    if vote.result is not None:
        stored = row.result or {}
        keys = ("outcome", *_COUNTS, "ballots", "in_office", "recused", "hidden", "binding")
        for key in (*keys, "proposer", "seconder", "non_voters", "names"):
            if key in vote.result or key in stored:
                expected[f"result.{key}"] = vote.result.get(key)
                actual[f"result.{key}"] = stored.get(key)
        expected["outcome"] = vote.result.get("outcome")
        actual["outcome"] = row.outcome
        recount = _recount(vote)
        if recount is not None:
            for key, value in recount.items():
                expected[f"recount.{key}"] = value
                actual[f"recount.{key}"] = (
                    vote.result.get(key) if key != "outcome" else (row.outcome)
                )
    diffs.extend(k for k in expected if expected[k] != actual.get(k))
    # The option, elector and conflict tables the views and extracts read.
    labels = list(
        await session.scalars(
            select(VoteOption.label)
            .where(VoteOption.vote_id == row.id)
            .order_by(VoteOption.position)
        )
    )
    if labels != vote.options:
        diffs.append("options")
    if vote.status in ("open", "closed"):
        electors = {
            (e.member_id, e.display_name, bool(e.eligible))
            for e in await session.scalars(select(VoteElector).where(VoteElector.vote_id == row.id))
        }
        wanted = {(m, n, m not in vote.recused) for m, n in vote.electors.items()}
        if electors != wanted:
            diffs.append("electors")
    conflicts = {
        (c.member_id, c.display_name, c.reason)
        for c in await session.scalars(select(VoteConflict).where(VoteConflict.vote_id == row.id))
    }
    if conflicts != {(m, n, r) for m, (n, r) in vote.conflicts.items()}:
        diffs.append("conflicts")
    return diffs
