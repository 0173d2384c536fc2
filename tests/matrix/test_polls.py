"""Native polls: a board motion voted by clicking in Element, counted by the core."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.core.decisions.options import RuleChoices
from bot.models.decisions import AuditEvent
from tests.matrix.decisions_helpers import (
    Watch,
    actor_of,
    answer,
    board_room,
    eventually,
    notices,
    polls_ended,
    polls_started,
)


async def test_a_board_motion_voted_through_native_polls(services, member_factory, bot_factory):
    bot = await bot_factory()
    room_id, ana, bruno, chloe, dave = await board_room(services, member_factory, bot)
    watch = {m.user_id: Watch(m) for m in (ana, bruno, chloe, dave)}
    for w in watch.values():
        await w.sync()  # from here on, each sees what comes
    decisions = services.decisions
    proposer = await actor_of(bot, room_id, ana)
    motion = await decisions.propose(
        proposer, "Adopter le budget 2027 tel que présenté.", title="Budget 2027"
    )
    await decisions.second(await actor_of(bot, room_id, bruno), motion.number)
    assert await decisions.deliver_outbox() == 1  # the opening: posted as a native poll

    seen = await watch[dave.user_id].until(room_id, lambda evs: bool(polls_started(evs)))
    [poll] = polls_started(seen)
    content = poll.source["content"]
    assert poll.sender == bot.user_id
    assert [a["m.id"] for a in content["m.poll"]["answers"]] == ["pour", "contre", "abstention"]
    assert [a["m.text"][0]["body"] for a in content["m.poll"]["answers"]] == [
        "Pour",
        "Contre",
        "Abstention",
    ]
    question = content["m.poll"]["question"]["m.text"][0]["body"]
    assert f"Proposition n° {motion.number}" in question and "Budget 2027" in question
    unstable = content["org.matrix.msc3381.poll.start"]
    assert unstable["question"]["org.matrix.msc1767.text"] == question
    assert [a["id"] for a in unstable["answers"]] == ["pour", "contre", "abstention"]
    assert "Budget 2027" in content["org.matrix.msc1767.text"]
    assert content["m.poll"]["max_selections"] == unstable["max_selections"] == 1

    # Dave is a member, not a director: his answers are not counted, and he is told once.
    first = await answer(dave, room_id, poll.event_id, "pour")
    await answer(dave, room_id, poll.event_id, "contre", unstable=True)
    # Ana answers « contre » (older client), then changes her mind: counted once, « pour ».
    await answer(ana, room_id, poll.event_id, "contre", unstable=True)
    await answer(ana, room_id, poll.event_id, "pour")
    await answer(bruno, room_id, poll.event_id, "pour")
    await answer(chloe, room_id, poll.event_id, "abstention", unstable=True)

    # The last director's answer closes it: the poll is ended with the result.
    seen = await watch[dave.user_id].until(
        room_id, lambda evs: bool(polls_ended(evs, poll.event_id))
    )
    [end] = polls_ended(seen, poll.event_id)
    assert end.sender == bot.user_id
    end_content = end.source["content"]
    assert "org.matrix.msc3381.poll.end" in end_content
    result_text = end_content["m.text"][0]["body"]
    assert "Pour : 2" in result_text or "2 pour" in result_text.lower(), result_text
    assert "adoptée" in result_text.lower(), result_text
    told = [n for n in notices(seen) if dave.user_id in n.body]
    assert len(told) == 1 and "pas comptée" in told[0].body
    relates = told[0].source["content"]["m.relates_to"]
    assert (relates["rel_type"], relates["event_id"]) == ("m.thread", poll.event_id)
    assert relates["m.in_reply_to"]["event_id"] == first
    assert not [n for n in notices(seen) if n.body.startswith(ana.user_id)]

    # The core registered it: closed on the last ballot, the change counted once.
    view = await decisions.show(proposer, motion.number)
    assert view.outcome is not None
    assert (view.status, view.close_reason, view.outcome.value) == (
        "closed",
        "all_voted",
        "adopted",
    )
    tally = view.result.tally
    assert (tally.pour, tally.contre, tally.abstention) == (2, 0, 1)
    assert view.voted_count == 3
    [entry] = await decisions.register(proposer)
    assert entry.number == motion.number and entry.outcome.value == "adopted"
    async with services.db.reading() as session:
        closes = await session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "vote.closed")
        )
    assert closes == 1
    assert await decisions.deliver_outbox() == 0  # nothing left to announce


async def test_a_poll_with_several_answers_counts_positions(services, member_factory, bot_factory):
    bot = await bot_factory()
    room_id, ana, bruno, _chloe, _dave = await board_room(services, member_factory, bot)
    watch = Watch(bruno)
    await watch.sync()
    decisions = services.decisions
    poll_view = await decisions.create_poll(
        await actor_of(bot, room_id, ana),
        "Quel jour pour l’assemblée?",
        ["Lundi", "Mardi", "Mercredi"],
        choices=RuleChoices(multiple=True),
    )
    await decisions.deliver_outbox()
    seen = await watch.until(room_id, lambda evs: bool(polls_started(evs)))
    [poll] = polls_started(seen)
    answers = poll.source["content"]["m.poll"]["answers"]
    assert [(a["m.id"], a["m.text"][0]["body"]) for a in answers] == [
        ("1", "Lundi"),
        ("2", "Mardi"),
        ("3", "Mercredi"),
    ]
    assert poll.source["content"]["m.poll"]["max_selections"] == 3
    await answer(bruno, room_id, poll.event_id, "1", "3")
    await answer(ana, room_id, poll.event_id, "2", unstable=True)
    actor = await actor_of(bot, room_id, ana)

    async def counted() -> bool:
        return (await decisions.show(actor, poll_view.number)).voted_count == 2

    await eventually(counted)
    view = await decisions.show(actor, poll_view.number)
    assert view.result is not None and view.result.counts == (1, 1, 1)


async def test_a_meeting_poll_ticks_the_dates_that_suit(
    services, clock, member_factory, bot_factory
):
    bot = await bot_factory()
    room_id, ana, bruno, _chloe, _dave = await board_room(services, member_factory, bot)
    watch = Watch(bruno)
    decisions = services.decisions
    actor = await actor_of(bot, room_id, ana)
    start = clock.now() + timedelta(days=7)
    slots = [(start + timedelta(days=d)).strftime("%Y-%m-%d 19:00") for d in range(3)]
    meeting = await decisions.create_meeting(actor, "CA de décembre", slots)
    await decisions.deliver_outbox()
    [poll] = polls_started(await watch.until(room_id, lambda evs: bool(polls_started(evs))))
    content = poll.source["content"]["m.poll"]
    assert content["max_selections"] == 3 and [a["m.id"] for a in content["answers"]] == [
        "1",
        "2",
        "3",
    ]
    assert all("19 h" in a["m.text"][0]["body"] for a in content["answers"])  # Québec format
    await answer(bruno, room_id, poll.event_id, "3", "1")

    async def answered() -> bool:
        return (await decisions.show(actor, meeting.number)).voted_count == 1

    await eventually(answered)
    mine = await decisions.show(await actor_of(bot, room_id, bruno), meeting.number)
    assert mine.viewer is not None and mine.viewer.choice == "yny"  # yes, no, yes
