"""Closing and reminders survive restarts and happen exactly once, even with two processes.

"Two processes" are two `Services` opened on the same SQLite file: separate engines,
connections, schedulers and notifiers, as two bot processes would have.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.options import RuleChoices
from bot.core.notifier import Announcement, DirectMessage, RecordingNotifier
from bot.models.decisions import AuditEvent, DecisionCounter
from bot.settings import Settings
from tests.conftest import COMMUNITY, actor
from tests.core.decisions.conftest import BOARD, board_actor


async def _board(services: Services) -> dict:
    infos = [MemberInfo(f"u-{n.lower()}", n, frozenset({"CA", "Membre"})) for n in BOARD]
    await services.communities.sync_members(COMMUNITY, infos)
    # Bylaws that allow remote majority votes: adopted motions are numbered resolutions.
    await services.communities.update_settings(
        actor("Admin", admin=True), vote_distance="reglements"
    )
    return {n: board_actor(n) for n in BOARD}


async def _open(services: Services, board: dict, text: str = "Texte.", **rules) -> int:
    choices = RuleChoices(seconder=False, **rules)
    return (await services.decisions.propose(board["Sophie"], text, choices=choices)).number


async def test_restart_with_an_overdue_deadline(settings: Settings, clock: FakeClock):
    first = RecordingNotifier()
    s1 = await open_services(settings, clock=clock, notifier=first)
    board = await _board(s1)
    number = await _open(s1, board, deadline="2h")
    await s1.decisions.cast(board["Marc"], number, "pour")
    await s1.decisions.cast(board["Amina"], number, "pour")
    await s1.decisions.cast(board["Jean"], number, "contre")
    await s1.close()  # the bot stops before the deadline

    clock.advance(hours=30)  # and comes back long after it
    second = RecordingNotifier()
    s2 = await open_services(settings, clock=clock, notifier=second)
    try:
        await s2.start()  # overdue work runs at start
        view = await s2.decisions.show(board["Jean"], number)
        assert view.status == "closed" and view.resolution == "CA-2026-001"
        # It closed at its deadline, not when the bot came back.
        assert view.closed_at == view.deadline
        assert [m.kind for m in second.sent] == ["vote.closed"]
        assert first.sent == []
        # Nothing runs twice.
        assert await s2.scheduler.run_due() == 0
        assert len(second.sent) == 1
    finally:
        await s2.close()


async def test_two_concurrent_closers_give_one_close_and_one_announcement(
    settings: Settings, clock: FakeClock
):
    one, two = RecordingNotifier(), RecordingNotifier()
    s1 = await open_services(settings, clock=clock, notifier=one)
    s2 = await open_services(settings, clock=clock, notifier=two)
    try:
        board = await _board(s1)
        numbers = [await _open(s1, board, f"Proposition {i}.", deadline="1h") for i in range(8)]
        for n in numbers:
            await s1.decisions.cast(board["Marc"], n, "pour")
            await s2.decisions.cast(board["Amina"], n, "pour")
            await s2.decisions.cast(board["Jean"], n, "pour")
        clock.advance(hours=1)
        # Both processes' schedulers and, for the first vote, its proposer, all at once.
        outcomes = await asyncio.gather(
            s1.scheduler.run_due(),
            s2.scheduler.run_due(),
            s1.decisions.close(board["Sophie"], numbers[0]),
            s2.decisions.close(board["Sophie"], numbers[0]),
            return_exceptions=True,
        )
        ran = [o for o in outcomes[:2] if isinstance(o, int)]
        assert len(ran) == 2 and sum(ran) in (len(numbers), len(numbers) - 1)
        sent = [m for m in one.sent + two.sent if isinstance(m, Announcement)]
        counts = Counter(m.payload.number for m in sent)
        assert counts == Counter(numbers)  # exactly one announcement per vote
        async with s1.db.reading() as session:
            closes = await session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "vote.closed")
            )
            last = await session.scalar(
                select(DecisionCounter.last).where(DecisionCounter.series == "CA")
            )
        assert closes == len(numbers) and last == len(numbers)
        # Resolution numbers: no gap, no twin.
        refs = sorted(m.payload.resolution for m in sent)
        assert refs == [f"CA-2026-{i:03d}" for i in range(1, len(numbers) + 1)]
        # Delivery left nothing behind for either process.
        assert await s1.decisions.deliver_outbox() == 0
        assert await s2.decisions.deliver_outbox() == 0
    finally:
        await s1.close()
        await s2.close()


async def test_reminders_exactly_once_to_those_who_have_not_voted(
    settings: Settings, clock: FakeClock
):
    one, two = RecordingNotifier(), RecordingNotifier()
    s1 = await open_services(settings, clock=clock, notifier=one)
    s2 = await open_services(settings, clock=clock, notifier=two)
    try:
        board = await _board(s1)
        number = await _open(s1, board, deadline="48h", secret=True)
        await s1.decisions.cast(board["Sophie"], number, "pour")
        await s2.decisions.cast(board["Marc"], number, "contre")
        clock.advance(hours=23, minutes=59)
        await asyncio.gather(s1.scheduler.run_due(), s2.scheduler.run_due())
        assert one.sent + two.sent == []
        clock.advance(minutes=1)  # 24 h before the deadline
        await asyncio.gather(s1.scheduler.run_due(), s2.scheduler.run_due())
        sent = [m for m in one.sent + two.sent if isinstance(m, DirectMessage)]
        assert sorted(m.user_id for m in sent) == ["u-amina", "u-isabelle", "u-jean"]
        assert all(m.kind == "vote.reminder" for m in sent)
        assert sent[0].payload.remaining == timedelta(hours=24)
        await s2.decisions.cast(board["Amina"], number, "pour")
        clock.advance(hours=23)  # 1 h before the deadline
        await asyncio.gather(s1.scheduler.run_due(), s2.scheduler.run_due())
        later = [m for m in one.sent + two.sent if isinstance(m, DirectMessage)][3:]
        assert sorted(m.user_id for m in later) == ["u-isabelle", "u-jean"]
    finally:
        await s1.close()
        await s2.close()


async def test_pending_reminders_survive_a_restart(settings: Settings, clock: FakeClock):
    s1 = await open_services(settings, clock=clock)
    board = await _board(s1)
    number = await _open(s1, board, deadline="3j", reminders=(24 * 60,))
    await s1.close()
    clock.advance(days=1)
    notes = RecordingNotifier()
    s2 = await open_services(settings, clock=clock, notifier=notes)
    try:
        await s2.start()
        assert notes.sent == []
        # Drive the scheduler by hand from here: a background round racing this one would
        # hold the job (SKIP LOCKED) and send the reminders after the assertion below.
        await s2.scheduler.stop()
        clock.advance(days=1)
        await s2.scheduler.run_due()
        assert len([m for m in notes.sent if isinstance(m, DirectMessage)]) == 5
        assert (await s2.decisions.show(board["Jean"], number)).status == "open"
    finally:
        await s2.close()


async def test_a_late_reminder_is_skipped_when_the_next_one_is_due(
    settings: Settings, clock: FakeClock
):
    notes = RecordingNotifier()
    services = await open_services(settings, clock=clock, notifier=notes)
    try:
        board = await _board(services)
        await _open(services, board, deadline="48h")
        clock.advance(hours=47, minutes=30)  # the bot was down for both reminder times
        await services.scheduler.run_due()
        # One reminder each (the 1 h one), not two at once.
        assert Counter(m.user_id for m in notes.sent) == Counter(f"u-{n.lower()}" for n in BOARD)
    finally:
        await services.close()


class _Waiter(RecordingNotifier):
    """Records, and lets a test wait for the next message."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = asyncio.Event()

    async def announce(self, announcement: Announcement) -> None:
        await super().announce(announcement)
        self.arrived.set()


async def test_the_production_loop_wakes_when_work_is_due(settings: Settings, clock: FakeClock):
    notes = _Waiter()
    services = await open_services(settings, clock=clock, notifier=notes)
    try:
        board = await _board(services)
        number = await _open(services, board, deadline="1h")
        await services.start()
        assert services.scheduler is not None and services.scheduler.running
        clock.advance(hours=1)
        services.scheduler.wake()  # production wakes by time; the fake clock needs a nudge
        await asyncio.wait_for(notes.arrived.wait(), timeout=10)
        assert (await services.decisions.show(board["Jean"], number)).status == "closed"
    finally:
        await services.close()
    assert services.scheduler is not None and not services.scheduler.running


@pytest.mark.parametrize("kind", ["poll", "meeting"])
async def test_polls_close_at_their_deadline_too(settings: Settings, clock: FakeClock, kind: str):
    notes = RecordingNotifier()
    services = await open_services(settings, clock=clock, notifier=notes)
    try:
        board = await _board(services)
        d = services.decisions
        if kind == "poll":
            view = await d.create_poll(
                board["Sophie"], "Q ?", ["A", "B"], choices=RuleChoices(deadline="2h", body="board")
            )
        else:
            view = await d.create_meeting(
                board["Sophie"],
                "CA",
                ["2026-12-03 19:00", "2026-12-04 19:00"],
                choices=RuleChoices(deadline="2h"),
            )
        clock.advance(hours=2)
        await services.scheduler.run_due()
        assert (await d.show(board["Jean"], view.number)).status == "closed"
        assert [m.kind for m in notes.sent] == ["vote.closed"]
    finally:
        await services.close()
