"""The advisor on Matrix: a mention with a need in a room, any text in a direct chat."""

from __future__ import annotations

from nio import RoomSendResponse

from tests.matrix.conftest import joined, must, room_with
from tests.matrix.decisions_helpers import Watch
from tests.matrix.dialog import Dialog


async def test_a_mention_with_a_need_is_answered_and_chatter_is_not(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, name="Coop du Nord")
    await joined(ana, room_id, bot.user_id)
    chatter = Dialog(ana, room_id)
    await chatter.send("Bonjour à tous, la réunion est jeudi.")
    need = "faire voter le CA entre deux réunions"
    name = bot.user.localpart  # Element's pill: the display name in the plain body
    reply = await ana.client.room_send(  # as Element sends a mention (a pill)
        room_id,
        "m.room.message",
        {
            "msgtype": "m.text",
            "body": f"{name}: {need}",
            "format": "org.matrix.custom.html",
            "formatted_body": f'<a href="https://matrix.to/#/{bot.user_id}">{name}</a>: {need}',
            "m.mentions": {"user_ids": [bot.user_id]},
        },
    )
    asked = Dialog(ana, room_id, chatter.watch)
    asked.root = str(must(reply, RoomSendResponse).event_id)
    # The first answer of a process may wait for the advisor's model to load.
    answer = await asked.until("Besoin", within=40)
    assert f"« {need} »" in answer.body  # the need, without the mention
    assert answer.source["content"]["m.relates_to"]["rel_type"] == "m.thread"
    assert "<h4>" in answer.source["content"]["formatted_body"]
    assert not chatter.notices()  # nothing said to the chatter


async def test_any_text_in_a_direct_chat_goes_to_the_advisor(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, is_direct=True, preset=None)
    await joined(ana, room_id, bot.user_id)
    need = Dialog(ana, room_id)
    await need.send("on cherche un outil pour faire un sondage de date de réunion")
    found = await need.until("Besoin", within=40)
    assert "<br>" in found.source["content"]["formatted_body"]
    nothing = Dialog(ana, room_id, need.watch)
    await nothing.send("qwxz brlm")
    told = await nothing.until("rien trouvé")
    assert "!referentiel" in told.body and "/referentiel" not in told.body


async def test_personal_data_asked_in_a_room_goes_to_the_direct_chat(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, name="Coop du Nord")
    await joined(ana, room_id, bot.user_id)
    ask = Dialog(ana, room_id, Watch(ana, inviter=bot.user_id))
    await ask.send("!moi donnees")
    said = await ask.until("conversation privée")
    assert ".json" not in said.body
    dm = await ask.watch.direct_chat()

    def from_bot(events: list) -> list:
        return [e for e in events if e.sender == bot.user_id and not hasattr(e, "membership")]

    # The notice and the file, encrypted in the direct chat; in the room, no file at all.
    await ask.watch.until(dm, lambda evs: len(from_bot(evs)) >= 2)
    room_events = ask.watch.events[room_id]
    assert not [e for e in room_events if e.source["content"].get("msgtype") == "m.file"]
    # A typo in the direct chat is answered there (in a room it would not be).
    typo = Dialog(ana, dm, ask.watch)
    await typo.send("!votee")
    await ask.watch.until(dm, lambda evs: len(from_bot(evs)) >= 3)  # answered (encrypted)
