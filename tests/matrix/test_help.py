"""`!aide` end to end: a notice with HTML in a thread; an encrypted direct chat answered."""

from __future__ import annotations

from nio import RoomMessageNotice, RoomSendResponse

from tests.matrix.conftest import joined, must, room_with
from tests.matrix.test_client import notices_to, say
from tests.matrix.test_roles import mirrored


async def test_aide_answers_a_notice_in_a_thread_under_the_command(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, name="Coop du Nord")
    await joined(ana, room_id, bot.user_id)
    command = await say(ana, room_id, "!aide")
    english = await say(ana, room_id, "!help")
    seen = await ana.events_until(room_id, lambda evs: bool(notices_to(evs, english)))
    (notice,) = notices_to(seen, command)
    content = notice.source["content"]
    assert content["msgtype"] == "m.notice" and notice.sender == bot.user_id
    assert content["m.relates_to"]["rel_type"] == "m.thread"
    assert content["m.relates_to"]["m.in_reply_to"] == {"event_id": command}
    assert content["format"] == "org.matrix.custom.html"
    assert "<li>" in content["formatted_body"] and "<" not in notice.body
    assert "!aide" in notice.body and "Ce qui fonctionne ici" in notice.body
    (answer,) = notices_to(seen, english)
    assert "What works here today" in answer.body
    # Plain chatter in a community room is not for the bot.
    chatter = await say(ana, room_id, "bonjour tout le monde")
    again = await say(ana, room_id, "!aide")
    seen = await ana.events_until(room_id, lambda evs: bool(notices_to(evs, again)))
    assert not notices_to(seen, chatter)


async def test_a_command_inside_a_thread_is_answered_in_that_thread(member_factory, bot_factory):
    ana, bruno = await member_factory("ana"), await member_factory("bruno")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, bruno.user_id)
    await bruno.client.join(room_id)
    await joined(ana, room_id, bot.user_id)
    root = await say(ana, room_id, "Une question sur le bot")
    reply = await ana.client.room_send(
        room_id,
        "m.room.message",
        {
            "msgtype": "m.text",
            "body": "!aide",
            "m.relates_to": {"rel_type": "m.thread", "event_id": root},
        },
    )
    command = must(reply, RoomSendResponse).event_id
    seen = await ana.events_until(room_id, lambda evs: bool(notices_to(evs, root)))
    (notice,) = notices_to(seen, root)
    assert notice.source["content"]["m.relates_to"]["m.in_reply_to"] == {"event_id": command}


async def test_an_encrypted_direct_chat_gets_an_encrypted_answer(
    services, member_factory, bot_factory
):
    ana = await member_factory("ana", encrypted=True)
    bot = await bot_factory()
    room_id = await room_with(  # what Element does for a direct message
        ana,
        bot.user_id,
        is_direct=True,
        preset=None,
        initial_state=[
            {
                "type": "m.room.encryption",
                "state_key": "",
                "content": {"algorithm": "m.megolm.v1.aes-sha2"},
            }
        ],
    )
    await joined(ana, room_id, bot.user_id)
    await ana.sync()  # queries the bot's device keys
    sent = await ana.client.room_send(
        room_id,
        "m.room.message",
        {"msgtype": "m.text", "body": "bonjour, que sais-tu faire ?"},
        ignore_unverified_devices=True,
    )
    question = must(sent, RoomSendResponse).event_id
    seen = await ana.events_until(room_id, lambda evs: bool(notices_to(evs, question)))
    (answer,) = notices_to(seen, question)
    assert isinstance(answer, RoomMessageNotice) and answer.sender == bot.user_id
    assert answer.decrypted  # it came as m.room.encrypted and Ana's device decrypted it
    assert "Ce qui fonctionne ici" in answer.body
    # A direct chat is not a community: nobody in it is mirrored as a member.
    assert await mirrored(services.db, room_id) == {}
