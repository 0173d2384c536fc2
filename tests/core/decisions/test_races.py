"""Races between units of work on the same vote or log, on SQLite and on PostgreSQL.

Two `Services` on one database play two bot processes: one casts ballots, many at once,
while the other's scheduler closes the vote at its deadline (its clock is already there).
A ballot either lands before the close and is counted, or is refused as « vote fermé »;
never written after it (kept in a secret vote's table, missing from the result).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.actor import Actor
from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.audit import append, verify
from bot.core.decisions.options import RuleChoices
from bot.core.decisions.views import MotionResult
from bot.core.errors import StateConflict
from bot.models import Community
from bot.models.decisions import AuditEvent, Ballot, Vote
from bot.settings import Settings
from tests.conftest import COMMUNITY, OTHER_COMMUNITY

VOTERS = 24
TRIALS = 4
CHOICES = ("pour", "contre", "abstention")


@pytest.fixture
def settings(engine_settings: Settings) -> Settings:
    """Every test here runs on SQLite and on PostgreSQL."""
    return engine_settings


def member(i: int) -> Actor:
    """A board member; `VOTERS` is the proposer, who does not vote (the vote stays open)."""
    return Actor(COMMUNITY, f"m{i:02d}", f"Membre {i:02d}", frozenset({"CA"}), channel_id="ca")


async def _race_one_vote(voting: Services, closing: Services, secret: bool) -> None:
    """Ballots from every voter at once; the deadline close starts after a third are in."""
    view = await voting.decisions.propose(
        member(VOTERS),
        "Que le conseil adopte la politique de télétravail.",
        choices=RuleChoices(seconder=False, secret=secret, deadline="1 semaine"),
    )
    assert view.deadline is not None
    # The closing process's clock is past the deadline; the voters' is not.
    clock = closing.clock
    assert isinstance(clock, FakeClock)
    clock.set(view.deadline + timedelta(seconds=1))
    accepted: dict[int, str] = {}
    refused: dict[int, StateConflict] = {}
    third_in = asyncio.Event()

    async def ballot(i: int) -> None:
        choice = CHOICES[i % 3]
        try:
            receipt = await voting.decisions.cast(member(i), view.number, choice)
        except StateConflict as exc:
            refused[i] = exc
            return
        assert not receipt.closed
        accepted[i] = choice
        if len(accepted) >= VOTERS // 3:
            third_in.set()

    async def close() -> None:
        await third_in.wait()
        await closing.scheduler.run_due()  # the reminders, then the close

    await asyncio.gather(close(), *(ballot(i) for i in range(VOTERS)))

    # Every voter was either counted or told the vote is closed, in so many words.
    assert set(accepted) | set(refused) == set(range(VOTERS))
    assert {e.code for e in refused.values()} <= {"decision.closed"}
    assert all("fermé" in e.message("fr") for e in refused.values())
    closed = await voting.decisions.show(member(0), view.number)
    assert closed.status == "closed"
    assert isinstance(closed.result, MotionResult)
    tally = closed.result.tally
    expected = Counter(accepted.values())
    assert (tally.pour, tally.contre, tally.abstention) == (
        expected["pour"],
        expected["contre"],
        expected["abstention"],
    )
    async with voting.db.reading() as session:
        vote_id = await session.scalar(select(Vote.id).where(Vote.number == view.number))
        rows = await session.scalar(
            select(Ballot.vote_id).where(Ballot.vote_id == vote_id).limit(1)
        )
        kinds = list(
            await session.scalars(
                select(AuditEvent.kind)
                .where(AuditEvent.vote_id == vote_id)
                .order_by(AuditEvent.seq)
            )
        )
    # A secret vote keeps no ballot once closed; no ballot is chained after the close.
    assert rows is None if secret else rows == vote_id
    assert kinds[-1] == "vote.closed", kinds[kinds.index("vote.closed") :]
    assert kinds.count("ballot.cast") == len(accepted)


async def test_a_ballot_racing_the_close_is_counted_or_refused(settings: Settings):
    voting = await open_services(settings, clock=FakeClock())
    closing = await open_services(settings, clock=FakeClock(), migrate=False)
    try:
        infos = [
            MemberInfo(f"m{i:02d}", f"Membre {i:02d}", frozenset({"CA"})) for i in range(VOTERS + 1)
        ]
        await voting.communities.sync_members(COMMUNITY, infos)
        for trial in range(TRIALS):
            await _race_one_vote(voting, closing, secret=trial % 2 == 0)
        assert (await verify(voting.db)).ok
    finally:
        await closing.close()
        await voting.close()


async def test_first_events_of_a_community_at_once_take_one_place_each(settings: Settings):
    services = await open_services(settings, clock=FakeClock())
    try:
        # Communities without any event yet: their first events all race for seq 1.
        refs = [COMMUNITY, OTHER_COMMUNITY]
        async with services.db.transaction() as session:
            ids = [(await services.communities.community(session, ref)).id for ref in refs]
        now = services.clock.now()

        async def first_event(cid: int, i: int) -> int:
            async with services.db.transaction() as session:
                conn = await session.connection()
                return (await append(conn, cid, "test.event", now, {"i": i})).seq

        seqs = await asyncio.gather(*(first_event(cid, i) for cid in ids for i in range(8)))
        assert sorted(seqs) == sorted(list(range(1, 9)) * 2)
        report = await verify(services.db)
        assert report.ok and report.events == 16
        async with services.db.reading() as session:
            assert len((await session.scalars(select(Community.id))).all()) == 2
    finally:
        await services.close()
