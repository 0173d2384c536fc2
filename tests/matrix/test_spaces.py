"""A space with its rooms is one community: members of every room, roles from the space."""

from __future__ import annotations

from nio import RoomPutStateResponse

from bot.core.decisions.options import RuleChoices
from tests.matrix.conftest import joined, must, room_with
from tests.matrix.decisions_helpers import actor_of
from tests.matrix.dialog import Dialog
from tests.matrix.test_roles import ADMIN, BOARD, MEMBER, until_mirrored


async def test_a_space_with_two_rooms_is_one_community(services, member_factory, bot_factory):
    ana, bruno, chloe = [await member_factory(n) for n in ("ana", "bruno", "chloe")]
    bot = await bot_factory()
    # Ana's space: the bot and Bruno (power 50 there: the board) are in it.
    space = await room_with(
        ana,
        bot.user_id,
        bruno.user_id,
        name="Réseau des coops",
        space=True,
        power_level_override={"users": {bruno.user_id: 50}},  # Ana: the creator (v12)
    )
    board = await room_with(ana, bot.user_id, bruno.user_id, name="CA")
    general = await room_with(ana, bot.user_id, chloe.user_id, name="Général")
    for child in (board, general):
        reply = await ana.client.room_put_state(
            space, "m.space.child", {"via": ["localhost"]}, state_key=child
        )
        must(reply, RoomPutStateResponse)
    await bruno.client.join(space)
    await bruno.client.join(board)
    await chloe.client.join(general)
    for room_id in (space, board, general):
        await joined(ana, room_id, bot.user_id)
    # One community, keyed by the space; Chloé (only in « Général ») is a member.
    await until_mirrored(
        services,
        space,
        {
            ana.user_id: (ADMIN, True),
            bruno.user_id: (BOARD, False),
            chloe.user_id: (MEMBER, False),
        },
    )
    in_general = await actor_of(bot, general, chloe)
    assert in_general.community.external_id == space
    assert (await actor_of(bot, board, bruno)).community == in_general.community
    # A poll started in « CA » is listed from « Général ».
    await services.decisions.create_poll(
        await actor_of(bot, board, ana),
        "Quel nom pour le réseau?",
        ["Coops unies", "Réseau coop"],
        choices=RuleChoices(body="members"),
    )
    listing = Dialog(chloe, general)
    await listing.send("!votes")
    shown = await listing.until("Quel nom pour le réseau")
    assert shown.sender == bot.user_id
