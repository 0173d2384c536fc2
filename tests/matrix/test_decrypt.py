"""A message the bot cannot decrypt: it says so once, clearly, and asks for nothing."""

from __future__ import annotations

from nio import RoomMessageNotice

from tests.matrix.conftest import joined, room_with
from tests.matrix.decisions_helpers import Watch, say

ENCRYPTED = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


async def test_the_bot_says_once_that_it_cannot_read_a_message(member_factory, bot_factory):
    ana = await member_factory("ana", encrypted=True)
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, initial_state=[ENCRYPTED])
    await joined(ana, room_id, bot.user_id)
    await ana.sync()  # learns the bot's device…
    for device in ana.client.device_store.active_user_devices(bot.user_id):
        ana.client.blacklist_device(device)  # …and keeps its room keys from it
    first = await say(ana, room_id, "!aide")
    await say(ana, room_id, "!vote")
    watch = Watch(ana)

    def warned(events: list) -> bool:
        return any(isinstance(e, RoomMessageNotice) and e.sender == bot.user_id for e in events)

    seen = await watch.until(room_id, warned)
    notes = [e for e in seen if isinstance(e, RoomMessageNotice) and e.sender == bot.user_id]
    assert "ne peux pas lire" in notes[0].body and "non chiffré" in notes[0].body
    assert notes[0].source["content"]["m.relates_to"]["m.in_reply_to"] == {"event_id": first}
    # Once: a third message brings no second notice (a plain command in a clear room does).
    await say(ana, room_id, "!aide vote")
    for _ in range(4):
        await watch.sync()
    notes = [e for e in watch.events[room_id] if isinstance(e, RoomMessageNotice)]
    assert len(notes) == 1
