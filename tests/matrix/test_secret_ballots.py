"""A secret vote on Matrix: ballots cast in encrypted direct chats, the room sees counts only."""

from __future__ import annotations

import asyncio

from nio import RoomMessage, RoomMessageNotice
from sqlalchemy import select

from bot.core.decisions.options import RuleChoices
from bot.matrix.ballots import ENCRYPTION
from bot.models import Community
from tests.matrix.conftest import Member, joined, room_with
from tests.matrix.decisions_helpers import (
    Watch,
    actor_of,
    board_room,
    notices,
    polls_started,
    say,
)

CHOICE_WORDS = ("pour", "contre", "abstention", "for", "against")


def bot_notices(events, bot_id: str) -> list[RoomMessageNotice]:
    return [e for e in notices(events) if e.sender == bot_id]


async def test_a_secret_vote_through_encrypted_direct_chats(services, member_factory, bot_factory):
    bot = await bot_factory()
    room_id, ana, bruno, chloe, dave = await board_room(
        services, member_factory, bot, encrypted=True
    )
    directors = (ana, bruno, chloe)
    watch = {m.user_id: Watch(m, inviter=bot.user_id) for m in (*directors, dave)}
    for w in watch.values():
        await w.sync()
    decisions = services.decisions
    proposer = await actor_of(bot, room_id, ana)
    motion = await decisions.propose(
        proposer,
        "Nommer Bruno trésorier.",
        title="Trésorerie",
        choices=RuleChoices(secret=True),
    )
    await decisions.second(await actor_of(bot, room_id, chloe), motion.number)
    assert await decisions.deliver_outbox() == 1

    # The room learns that the vote is open and that ballots go privately; no poll.
    seen = await watch[dave.user_id].until(
        room_id, lambda evs: any("Scrutin secret" in n.body for n in bot_notices(evs, bot.user_id))
    )
    assert not polls_started(seen)

    # Each director gets an invitation to an encrypted direct chat, and their ballot there.
    answers = {ana.user_id: "pour", bruno.user_id: "contre", chloe.user_id: "pour"}
    dms: dict[str, str] = {}

    async def ballot_received(person: Member) -> None:
        w = watch[person.user_id]
        dm = dms[person.user_id] = await w.direct_chat()
        ballot = await w.until(
            dm, lambda evs: any("Bulletin secret" in n.body for n in bot_notices(evs, bot.user_id))
        )
        assert any("« pour », « contre » ou « abstention »" in n.body for n in notices(ballot))

    async def vote_privately(person: Member) -> None:
        await say(person, dms[person.user_id], answers[person.user_id])
        confirmed = await watch[person.user_id].until(
            dms[person.user_id],
            lambda evs: any("vote secret est enregistré" in n.body for n in notices(evs)),
        )
        [receipt] = [n for n in notices(confirmed) if "vote secret est enregistré" in n.body]
        assert not any(word in receipt.body.lower() for word in CHOICE_WORDS)  # not echoed

    # The directors act at once, each in their own client, as people do.
    await asyncio.gather(*(ballot_received(p) for p in directors))
    assert not watch[dave.user_id].direct  # not a director: no ballot
    await asyncio.gather(*(vote_privately(p) for p in directors))

    # The last ballot closed it: the room gets the counts, and nothing else about choices.
    def closed(evs) -> bool:
        return any("résultat du vote" in n.body for n in bot_notices(evs, bot.user_id))

    seen = await watch[dave.user_id].until(room_id, closed)
    [result] = [n for n in bot_notices(seen, bot.user_id) if "résultat du vote" in n.body]
    assert "Pour : 2" in result.body or "2 pour" in result.body.lower(), result.body
    for person in directors:
        name = person.user_id
        assert name not in result.body  # no voter named next to a choice
    # The room's timeline: the bot's two notices (opening, counts); nothing from the voters.
    after_join = [
        e
        for e in seen
        if isinstance(e, RoomMessage) or e.source.get("type", "").startswith("m.poll")
    ]
    assert {e.sender for e in after_join} == {bot.user_id}, after_join
    assert len(bot_notices(seen, bot.user_id)) == 2
    # Every message in the direct chats travelled encrypted (Megolm), both ways.
    for person in directors:
        dm_events = watch[person.user_id].events[dms[person.user_id]]
        messages = [e for e in dm_events if isinstance(e, RoomMessage)]
        assert messages and all(getattr(e, "decrypted", False) for e in messages), messages
    view = await decisions.show(proposer, motion.number)
    assert view.status == "closed" and view.result is not None
    tally = view.result.tally
    assert (tally.pour, tally.contre, tally.abstention) == (2, 1, 0)
    assert view.result.names == ()  # the core itself kept no name with a choice
    async with services.db.reading() as session:
        communities = (await session.scalars(select(Community.external_id))).all()
    assert communities == [room_id]  # the direct chats never became communities


async def test_a_member_asks_for_their_ballot_in_their_own_direct_chat(
    services, member_factory, bot_factory
):
    bot = await bot_factory()
    room_id, ana, _bruno, chloe, _dave = await board_room(
        services, member_factory, bot, encrypted=True
    )
    decisions = services.decisions
    motion = await decisions.propose(
        await actor_of(bot, room_id, ana),
        "Huis clos pour le point 4.",
        choices=RuleChoices(secret=True, seconder=False),
    )
    # Chloé opens a direct chat herself (as Element does: is_direct, encrypted) and asks.
    dm = await room_with(chloe, bot.user_id, is_direct=True, initial_state=[ENCRYPTION])
    await joined(chloe, dm, bot.user_id)
    await chloe.sync(timeout_ms=0)
    watch = Watch(chloe)
    await say(chloe, dm, "bulletin")
    await watch.until(dm, lambda evs: any("Bulletin secret" in n.body for n in notices(evs)))
    await say(chloe, dm, f"contre #{motion.number}")
    seen = await watch.until(
        dm, lambda evs: any("vote secret est enregistré" in n.body for n in notices(evs))
    )
    assert all(getattr(e, "decrypted", False) for e in seen if isinstance(e, RoomMessage))
    view = await decisions.show(await actor_of(bot, room_id, chloe), motion.number)
    assert view.voted_count == 1 and view.viewer is not None and view.viewer.voted
    assert view.viewer.choice is None  # a secret ballot is never read back
