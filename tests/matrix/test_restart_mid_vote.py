"""The bot restarted in the middle of a vote: answers given meanwhile count, it closes once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.chat.reply import Reply
from bot.models.decisions import AuditEvent
from tests.matrix.decisions_helpers import (
    Watch,
    actor_of,
    answer,
    board_room,
    eventually,
    polls_ended,
    polls_started,
)


async def test_a_restart_mid_vote_counts_every_answer_and_closes_once(
    services, clock, member_factory, bot_factory
):
    bot = await bot_factory()
    room_id, ana, bruno, chloe, dave = await board_room(services, member_factory, bot)
    watch = Watch(dave)
    await watch.sync()
    decisions = services.decisions
    proposer = await actor_of(bot, room_id, ana)
    motion = await decisions.propose(proposer, "Renouveler le bail du local.", title="Bail")
    await decisions.second(await actor_of(bot, room_id, chloe), motion.number)
    await decisions.deliver_outbox()
    [poll] = polls_started(await watch.until(room_id, lambda evs: bool(polls_started(evs))))

    async def voted(count: int) -> bool:
        return (await decisions.show(proposer, motion.number)).voted_count == count

    await answer(ana, room_id, poll.event_id, "pour")
    await eventually(lambda: voted(1))
    await bot.stop()
    # While the bot is away: Bruno answers, and Ana changes her answer.
    await answer(bruno, room_id, poll.event_id, "contre", unstable=True)
    await answer(ana, room_id, poll.event_id, "abstention")
    again = await bot_factory(bot.user)  # same account, same data folder: same polls
    assert await voted(2)  # counted before it was ready, from the poll's answers
    view = await decisions.show(proposer, motion.number)
    assert view.viewer is not None and view.viewer.choice == "abstention"
    # The deadline passes with Chloé silent: the scheduler closes it, the restarted bot
    # ends the poll. Run again (another process, a late delivery): nothing more is sent.
    clock.advance(timedelta(days=3))
    await services.scheduler.run_due()
    seen = await watch.until(room_id, lambda evs: bool(polls_ended(evs, poll.event_id)))
    await services.scheduler.run_due()
    assert await decisions.deliver_outbox() == 0
    closed = await decisions.show(proposer, motion.number)
    assert await again.bot.polls.end(proposer.community, closed, Reply())  # ended already
    await answer(chloe, room_id, poll.event_id, "pour")  # too late: ignored
    marker = await again.bot.send(room_id, {"msgtype": "m.notice", "body": "fin du test"})
    seen = await watch.until(room_id, lambda evs: any(e.event_id == marker for e in evs))
    assert len(polls_ended(seen, poll.event_id)) == 1
    assert (closed.status, closed.close_reason) == ("closed", "deadline")
    assert closed.result is not None and closed.voted_count == 2
    tally = closed.result.tally
    assert (tally.pour, tally.contre, tally.abstention) == (0, 1, 1)
    async with services.db.reading() as session:
        closes = await session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "vote.closed")
        )
        ballots = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.kind.in_(("ballot.cast", "ballot.changed")))
        )
    assert closes == 1
    assert ballots == 3  # Ana, Bruno, Ana's change: nothing cast twice at the restart
