"""The outbox across processes: claimed per row and per platform, marked by its claimant,
tried a bounded number of times, then left as a dead letter an admin can list."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.decisions import outbox
from bot.core.decisions.options import RuleChoices
from bot.core.notifier import Announcement, DirectMessage, RecordingNotifier
from bot.models.decisions import OutboxMessage, Vote
from bot.settings import Settings
from tests.conftest import COMMUNITY

DISCORD = CommunityRef("discord", "guild-1", "Coop Discord")


@pytest.fixture
def settings(engine_settings: Settings) -> Settings:
    """On SQLite and on PostgreSQL."""
    return engine_settings


def proposer(community: CommunityRef = COMMUNITY) -> Actor:
    """A board member of `community`."""
    return Actor(community, "u-sophie", "Sophie", frozenset({"CA"}), channel_id="ca")


async def queue(services: Services, n: int, community: CommunityRef = COMMUNITY) -> int:
    """A new open motion of `community` with `n` reminders queued for it; its number."""
    view = await services.decisions.propose(
        proposer(community), "Texte.", choices=RuleChoices(seconder=False, deadline="1 semaine")
    )
    async with services.db.transaction() as session:
        cid = (await services.communities.community(session, community)).id
        vote = await session.scalar(
            select(Vote).where(Vote.number == view.number, Vote.community_id == cid)
        )
        assert vote is not None
        conn = await session.connection()
        await outbox.queue_reminders(conn, vote, [f"u-{i}" for i in range(n)], services.clock.now())
    return view.number


async def test_two_processes_deliver_each_row_once(settings: Settings):
    clock = FakeClock()
    notes = [RecordingNotifier(), RecordingNotifier()]
    one = await open_services(settings, clock=clock, notifier=notes[0])
    two = await open_services(settings, clock=clock, notifier=notes[1], migrate=False)
    try:
        await queue(one, 60)
        sent = await asyncio.gather(
            *(s.decisions.deliver_outbox() for s in (one, two, one, two, one, two))
        )
        assert sum(sent) == 60
        users = Counter(m.user_id for n in notes for m in n.sent if isinstance(m, DirectMessage))
        assert users == Counter({f"u-{i}": 1 for i in range(60)})
    finally:
        await two.close()
        await one.close()


async def test_each_platform_claims_only_its_own_messages(settings: Settings):
    clock = FakeClock()
    console, discord = RecordingNotifier("console"), RecordingNotifier("discord")
    a = await open_services(settings, clock=clock, notifier=console)
    b = await open_services(settings, clock=clock, notifier=discord, migrate=False)
    try:
        await queue(a, 2)
        await queue(a, 3, DISCORD)
        assert await b.decisions.deliver_outbox() == 3
        assert {m.community.platform for m in discord.sent} == {"discord"}
        assert await a.decisions.deliver_outbox() == 2
        assert {m.community.platform for m in console.sent} == {"console"}
    finally:
        await b.close()
        await a.close()


class Broken(RecordingNotifier):
    """A platform that refuses every message."""

    async def direct(self, message: DirectMessage) -> None:
        raise ConnectionError("plateforme injoignable")

    async def announce(self, announcement: Announcement) -> None:
        raise ConnectionError("plateforme injoignable")


async def test_a_message_is_given_up_after_its_attempts_and_listed(settings: Settings):
    clock = FakeClock()
    services = await open_services(settings, clock=clock, notifier=Broken())
    try:
        number = await queue(services, 1)
        for _ in range(outbox.MAX_ATTEMPTS + 2):
            assert await services.decisions.deliver_outbox() == 0
            clock.advance(minutes=10)  # past each retry delay
        dead = await outbox.dead_letters(services.db)
        assert [(d.kind, d.vote_number, d.user_id, d.attempts) for d in dead] == [
            ("vote.reminder", number, "u-0", outbox.MAX_ATTEMPTS)
        ]
        assert dead[0].community == "console:test-coop"
        assert "plateforme injoignable" in dead[0].error
        # A dead letter is not tried again, even by a platform that works.
        services.decisions.notifier = RecordingNotifier()
        assert await services.decisions.deliver_outbox() == 0
    finally:
        await services.close()


async def test_a_failed_message_waits_before_its_next_try(settings: Settings):
    clock = FakeClock()
    services = await open_services(settings, clock=clock, notifier=Broken())
    try:
        await queue(services, 1)
        assert await services.decisions.deliver_outbox() == 0
        working = RecordingNotifier()
        services.decisions.notifier = working
        assert await services.decisions.deliver_outbox() == 0  # not yet
        clock.advance(outbox.RETRY + timedelta(seconds=1))
        assert await services.decisions.deliver_outbox() == 1
        assert len(working.sent) == 1
    finally:
        await services.close()


async def test_only_the_claimant_marks_a_row(settings: Settings):
    """A claimant whose lease ran out (and whose row another process delivered) cannot
    mark the row failed afterwards."""
    clock = FakeClock()
    late_sent = RecordingNotifier()
    other = await open_services(settings, clock=clock, notifier=late_sent)

    class Slow(RecordingNotifier):
        async def direct(self, message: DirectMessage) -> None:
            # Stalled past its lease: the other process claims the row and delivers it.
            clock.advance(outbox.LEASE + timedelta(seconds=1))
            assert await other.decisions.deliver_outbox() == 1
            raise TimeoutError("trop tard")

    slow = await open_services(settings, clock=clock, notifier=Slow(), migrate=False)
    try:
        await queue(slow, 1)
        assert await slow.decisions.deliver_outbox() == 0
        async with slow.db.reading() as session:
            row = (await session.scalars(select(OutboxMessage))).one()
        assert row.delivered_at is not None and row.dead_at is None and row.last_error is None
        assert row.claimed_by is not None and row.claimed_by.startswith(other.scheduler.worker)
        clock.advance(hours=1)
        assert await slow.decisions.deliver_outbox() == 0  # never sent a second time
        assert len(late_sent.sent) == 1
    finally:
        await slow.close()
        await other.close()


def test_an_admin_lists_the_dead_letters(tmp_path):
    """`coopilote decisions outbox` names what was given up, and exits 1 while any is."""
    from pathlib import Path

    from tests.conftest import make_settings
    from tests.helpers import run_coopilote
    from tests.pg import blocking

    data = Path(tmp_path) / "data"
    assert run_coopilote("decisions", "outbox", data_dir=data).stdout.strip() == (
        "Aucun message abandonné."
    )

    async def give_up() -> None:
        clock = FakeClock()
        services = await open_services(make_settings(data), clock=clock, notifier=Broken())
        try:
            await queue(services, 1)
            for _ in range(outbox.MAX_ATTEMPTS):
                await services.decisions.deliver_outbox()
                clock.advance(minutes=10)
        finally:
            await services.close()

    blocking(give_up)
    listed = run_coopilote("decisions", "outbox", data_dir=data)
    assert listed.returncode == 1
    assert listed.stdout.splitlines() == [
        "1 message(s) abandonné(s) :",
        "  console:test-coop : vote.reminder vote n° 1 → u-0 (5 essais, 2026-11-26 15:40 UTC) — "
        "ConnectionError: plateforme injoignable",
    ]
