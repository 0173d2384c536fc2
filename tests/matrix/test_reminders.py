"""Reminders go by direct chat to the electors who have not voted, and only to them."""

from __future__ import annotations

from datetime import timedelta

from nio import RoomMessage
from sqlalchemy import select

from bot.models import Community
from tests.matrix.decisions_helpers import (
    Watch,
    actor_of,
    answer,
    board_room,
    eventually,
    notices,
    polls_started,
)


async def test_reminders_by_direct_chat_to_those_who_have_not_voted(
    services, clock, member_factory, bot_factory
):
    bot = await bot_factory()
    room_id, ana, bruno, chloe, dave = await board_room(
        services, member_factory, bot, encrypted=True
    )
    watch = {m.user_id: Watch(m, inviter=bot.user_id) for m in (ana, bruno, chloe, dave)}
    for w in watch.values():
        await w.sync()
    decisions = services.decisions
    proposer = await actor_of(bot, room_id, ana)
    motion = await decisions.propose(proposer, "Acheter un portable pour la trésorerie.")
    await decisions.second(await actor_of(bot, room_id, bruno), motion.number)
    await decisions.deliver_outbox()
    w = watch[ana.user_id]
    [poll] = polls_started(await w.until(room_id, lambda evs: bool(polls_started(evs))))
    await answer(ana, room_id, poll.event_id, "pour")

    async def voted() -> bool:
        return (await decisions.show(proposer, motion.number)).voted_count == 1

    await eventually(voted)
    # A day before the 48 h deadline (the default reminders: 24 h and 1 h before).
    clock.advance(timedelta(hours=24, minutes=1))
    await services.scheduler.run_due()  # queues the reminders and delivers them

    for person in (bruno, chloe):
        dm = await watch[person.user_id].direct_chat()
        seen = await watch[person.user_id].until(
            dm, lambda evs: any("Rappel" in n.body for n in notices(evs))
        )
        [reminder] = [n for n in notices(seen) if "Rappel" in n.body]
        assert f"n° {motion.number}" in reminder.body and reminder.sender == bot.user_id
        assert all(getattr(e, "decrypted", False) for e in seen if isinstance(e, RoomMessage))
    # Ana voted and Dave is not a director: no direct chat for them.
    for person in (ana, dave):
        await watch[person.user_id].sync()
        assert not watch[person.user_id].direct
    # The outbox has nothing left for Matrix: each reminder went once.
    assert await decisions.deliver_outbox() == 0
    async with services.db.reading() as session:
        communities = (await session.scalars(select(Community.external_id))).all()
    assert communities == [room_id]  # the direct chats are not communities
