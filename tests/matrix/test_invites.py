"""An invite to a new room, once the bot runs: joined, the room a community, commands answered."""

from __future__ import annotations

from tests.matrix.conftest import joined, room_with
from tests.matrix.dialog import Dialog
from tests.matrix.test_roles import ADMIN, MEMBER, until_mirrored


async def test_an_invite_to_a_new_room_is_handled(services, member_factory, bot_factory):
    ana, bruno = await member_factory("ana"), await member_factory("bruno")
    bot = await bot_factory()
    room_id = await room_with(ana, bruno.user_id, name="Nouvelle coop")  # without the bot
    await bruno.client.join(room_id)
    await ana.client.room_invite(room_id, bot.user_id)  # invited later, as people do
    await joined(ana, room_id, bot.user_id)
    await until_mirrored(
        services, room_id, {ana.user_id: (ADMIN, True), bruno.user_id: (MEMBER, False)}
    )
    ask = Dialog(bruno, room_id)
    await ask.send("!aide vote")
    shown = await ask.until("!vote pour")
    assert shown.sender == bot.user_id
