"""Rooms are communities: members and power levels mirrored, v11 and v12 rooms alike."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select

from bot.core.app import Services
from bot.core.db import Database
from bot.models import Community
from bot.models import Member as MemberRow
from tests.matrix.conftest import Member, joined, room_with

Roles = dict[str, tuple[list[str], bool]]


async def mirrored(db: Database, room_id: str) -> Roles:
    """{user id: (roles, admin)} of the room's active members, as the database holds them."""
    async with db.transaction() as session:
        rows = await session.execute(
            select(MemberRow.user_id, MemberRow.roles, MemberRow.is_admin)
            .join(Community, MemberRow.community_id == Community.id)
            .where(
                Community.platform == "matrix",
                Community.external_id == room_id,
                MemberRow.active,
            )
        )
        return {user: (sorted(roles), admin) for user, roles, admin in rows}


async def until_mirrored(services: Services, room_id: str, want: Roles) -> None:
    """Wait until the database holds `want` for the room (fails with what it holds)."""
    deadline = time.monotonic() + 10
    while (got := await mirrored(services.db, room_id)) != want:
        assert time.monotonic() < deadline, f"mirrored {got}, wanted {want}"
        await asyncio.sleep(0.05)  # polling the database the bot writes, with a deadline


BOARD = ["CA", "Membre"]
ADMIN = ["Admin", "CA", "Membre"]
MEMBER = ["Membre"]


async def test_a_version_11_room_mirrors_power_levels(services, member_factory, bot_factory):
    ana, bruno, chloe = [await member_factory(n) for n in ("ana", "bruno", "chloe")]
    bot = await bot_factory()
    room_id = await room_with(
        ana,
        bot.user_id,
        bruno.user_id,
        chloe.user_id,
        room_version="11",
        power_level_override={"users": {ana.user_id: 100, bruno.user_id: 50}},
    )
    for person in (bruno, chloe):
        await person.client.join(room_id)
    await joined(ana, room_id, bot.user_id)
    await until_mirrored(
        services,
        room_id,
        {
            ana.user_id: (ADMIN, True),
            bruno.user_id: (BOARD, False),
            chloe.user_id: (MEMBER, False),
        },
    )
    # A director named later, and a member who leaves: both followed.
    levels = {"users": {ana.user_id: 100, bruno.user_id: 50, chloe.user_id: 50}}
    await ana.client.room_put_state(room_id, "m.room.power_levels", levels)
    await bruno.client.room_leave(room_id)
    await until_mirrored(
        services, room_id, {ana.user_id: (ADMIN, True), chloe.user_id: (BOARD, False)}
    )


async def board_room(
    member_factory,
    bot_factory,
    version: str,
    ana_level: int | None,
    bruno_level: int,
    *,
    board_list: bool = False,
) -> tuple[Member, Member, str]:
    """Ana creates a room of `version` with these levels, Bruno and the bot join it.

    `board_list`: the bot's explicit board list names Bruno (and someone absent).
    """
    ana, bruno = await member_factory("ana"), await member_factory("bruno")
    listed = f" {bruno.user_id} , @absent:localhost" if board_list else ""
    bot = await bot_factory(matrix_board_users=listed)
    users = {bruno.user_id: bruno_level}
    if ana_level is not None:
        users[ana.user_id] = ana_level
    room_id = await room_with(
        ana,
        bot.user_id,
        bruno.user_id,
        room_version=version,
        power_level_override={"users": users},
    )
    await bruno.client.join(room_id)
    await joined(ana, room_id, bot.user_id)
    return ana, bruno, room_id


async def test_a_version_12_room_treats_its_creator_as_admin(services, member_factory, bot_factory):
    ana, bruno, room_id = await board_room(member_factory, bot_factory, "12", None, 50)
    levels = (await ana.client.room_get_state_event(room_id, "m.room.power_levels")).content
    assert ana.user_id not in levels["users"]  # the creator's power is implicit in v12
    await until_mirrored(
        services, room_id, {ana.user_id: (ADMIN, True), bruno.user_id: (BOARD, False)}
    )


async def test_an_explicit_board_list_replaces_power_levels(services, member_factory, bot_factory):
    # Bruno is listed at level 0; Ana, admin at 100, is not on the list.
    ana, bruno, room_id = await board_room(
        member_factory, bot_factory, "11", 100, 0, board_list=True
    )
    await until_mirrored(
        services,
        room_id,
        {ana.user_id: (["Admin", "Membre"], True), bruno.user_id: (BOARD, False)},
    )
