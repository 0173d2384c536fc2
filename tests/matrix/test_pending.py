"""Restart at any moment loses nothing: ballots waiting for a join, « told once » notices."""

from __future__ import annotations

import json
import stat

from bot.core.decisions.options import RuleChoices
from tests.matrix.decisions_helpers import (
    Watch,
    actor_of,
    answer,
    board_room,
    eventually,
    notices,
    polls_started,
)


async def test_a_ballot_waiting_for_a_join_survives_a_restart(
    services, member_factory, bot_factory
):
    bot = await bot_factory()
    room_id, ana, bruno, chloe, _dave = await board_room(
        services, member_factory, bot, encrypted=True
    )
    watch = {m.user_id: Watch(m, inviter=bot.user_id) for m in (ana, bruno, chloe)}
    decisions = services.decisions
    motion = await decisions.propose(
        await actor_of(bot, room_id, ana),
        "Huis clos pour le point 4.",
        title="Huis clos",
        choices=RuleChoices(secret=True, seconder=False),
    )
    assert await decisions.deliver_outbox() == 1
    # Nobody has joined their direct chat yet: the three ballots wait, on disk, owner-only.
    waiting = bot.bot.dms.pending.path
    assert stat.S_IMODE(waiting.stat().st_mode) == 0o600
    saved = json.loads(waiting.read_text(encoding="utf-8"))
    assert len(saved) == 3 and all(len(items) == 1 for items in saved.values())
    assert all("Bulletin secret" in items[0]["body"] for items in saved.values())
    await bot.stop()

    # Chloé joins while the bot is away (her join is in the backlog it skips) ...
    chloe_dm = await watch[chloe.user_id].direct_chat()
    again = await bot_factory(bot.user)  # same account, same data folder
    # ... and Bruno after the restart: each gets the ballot, once.
    bruno_dm = await watch[bruno.user_id].direct_chat()
    for person, dm in ((chloe, chloe_dm), (bruno, bruno_dm)):
        w = watch[person.user_id]
        await w.until(dm, lambda evs: any("Bulletin secret" in n.body for n in notices(evs)))
        marker = await again.bot.send(dm, {"msgtype": "m.notice", "body": "fin du test"})
        seen = await w.until(dm, lambda evs, m=marker: any(e.event_id == m for e in evs))
        ballots = [n for n in notices(seen) if "Bulletin secret" in n.body]
        assert len(ballots) == 1, ballots
        assert f"n° {motion.number}" in ballots[0].body and "Huis clos" in ballots[0].body
    # Ana has not joined: only her ballot still waits, and no file ever held a choice.
    left = json.loads(waiting.read_text(encoding="utf-8"))
    assert list(left) != [] and chloe_dm not in left and bruno_dm not in left
    assert len(left) == 1
    ana_dm = await watch[ana.user_id].direct_chat()
    assert list(left) == [ana_dm]
    await watch[ana.user_id].until(
        ana_dm, lambda evs: any("Bulletin secret" in n.body for n in notices(evs))
    )
    assert json.loads(waiting.read_text(encoding="utf-8")) == {}


async def test_a_non_member_is_told_once_even_across_a_restart(
    services, member_factory, bot_factory
):
    bot = await bot_factory()
    room_id, ana, _bruno, chloe, dave = await board_room(services, member_factory, bot)
    watch = Watch(dave)
    await watch.sync()
    decisions = services.decisions
    motion = await decisions.propose(await actor_of(bot, room_id, ana), "Repeindre le local.")
    await decisions.second(await actor_of(bot, room_id, chloe), motion.number)
    await decisions.deliver_outbox()
    [poll] = polls_started(await watch.until(room_id, lambda evs: bool(polls_started(evs))))
    proposer = await actor_of(bot, room_id, ana)

    async def voted(count: int) -> bool:
        return (await decisions.show(proposer, motion.number)).voted_count == count

    def told(evs) -> list:
        return [n for n in notices(evs) if dave.user_id in n.body and "pas comptée" in n.body]

    await answer(dave, room_id, poll.event_id, "pour")  # Dave is not on the board
    await watch.until(room_id, lambda evs: bool(told(evs)))
    await bot.stop()
    again = await bot_factory(bot.user)
    await answer(dave, room_id, poll.event_id, "contre")  # again, after the restart
    await answer(dave, room_id, poll.event_id, "abstention", unstable=True)
    # Ana answers after him: once her ballot is counted, the bot has handled his answers.
    await answer(ana, room_id, poll.event_id, "pour")
    await eventually(lambda: voted(1))
    marker = await again.bot.send(room_id, {"msgtype": "m.notice", "body": "fin du test"})
    seen = await watch.until(room_id, lambda evs: any(e.event_id == marker for e in evs))
    assert len(told(seen)) == 1
    record = again.bot.polls.store.get(poll.event_id)
    assert record is not None and record.told == [dave.user_id]
