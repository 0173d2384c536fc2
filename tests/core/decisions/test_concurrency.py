"""500 members cast 5,000 ballots at once (changes included) through the service.

None lost, none doubled, and the tallies equal an independent recount. The members are
split between two `Services` on the same SQLite file, like two bot processes.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter

from sqlalchemy import func, select

from bot.core.actor import Actor
from bot.core.app import open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.audit import verify
from bot.core.decisions.options import RuleChoices
from bot.core.decisions.rules import Quorum, Tally
from bot.core.decisions.views import MotionResult
from bot.models import Member
from bot.models.decisions import AuditEvent, Ballot
from bot.settings import Settings
from tests.conftest import COMMUNITY

MEMBERS = 500
BALLOTS_EACH = 10
CHOICES = ("pour", "contre", "abstention")


def member(i: int) -> Actor:
    return Actor(COMMUNITY, f"m{i:03d}", f"Membre {i:03d}", frozenset({"CA"}), channel_id="ca")


async def test_5000_ballots_at_once_none_lost_none_doubled(settings: Settings, clock: FakeClock):
    one = await open_services(settings, clock=clock)
    two = await open_services(settings, clock=clock)
    try:
        # One more board member than voters: « everyone voted » must not close the vote.
        infos = [MemberInfo(f"m{i:03d}", f"Membre {i:03d}", frozenset({"CA"})) for i in range(501)]
        await one.communities.sync_members(COMMUNITY, infos)
        view = await one.decisions.propose(
            member(500),
            "Que le réseau adopte sa planification stratégique.",
            choices=RuleChoices(seconder=False, quorum=Quorum(), deadline="1 semaine"),
        )
        rng = random.Random(2026)
        plans = {i: [rng.choice(CHOICES) for _ in range(BALLOTS_EACH)] for i in range(MEMBERS)}

        async def vote(i: int) -> int:
            services = one if i % 2 else two
            changed = 0
            for choice in plans[i]:
                receipt = await services.decisions.cast(member(i), view.number, choice)
                changed += receipt.changed
            return changed

        changes = await asyncio.gather(*(vote(i) for i in range(MEMBERS)))
        # Every ballot after a member's first one replaced it.
        assert sum(changes) == MEMBERS * (BALLOTS_EACH - 1)

        expected = {f"m{i:03d}": plans[i][-1] for i in range(MEMBERS)}
        async with one.db.reading() as session:
            ids = dict((await session.execute(select(Member.id, Member.user_id))).all())
            stored = (await session.execute(select(Ballot.voter, Ballot.choice))).all()
            events = Counter(
                dict(
                    (
                        await session.execute(
                            select(AuditEvent.kind, func.count()).group_by(AuditEvent.kind)
                        )
                    ).all()
                )
            )
        # None lost, none doubled: one row per member, holding their last choice.
        assert len(stored) == MEMBERS
        assert {ids[int(voter)]: choice for voter, choice in stored} == expected
        # Every ballot is in the audit log, once.
        assert events["ballot.cast"] == MEMBERS
        assert events["ballot.changed"] == MEMBERS * (BALLOTS_EACH - 1)

        closed = await one.decisions.close(member(500), view.number)
        assert isinstance(closed.result, MotionResult)
        recount = Tally.of(list(expected.values()))
        assert closed.result.tally == recount
        assert closed.voted_count == MEMBERS and closed.result.non_voters == ("Membre 500",)
        report = await verify(one.db)
        assert report.ok and report.events == sum(events.values()) + 1
    finally:
        await one.close()
        await two.close()
