"""Rooms are communities: members and power levels mirrored, v11 and v12 rooms alike."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select

from bot.core.app import Services
from bot.core.db import Database
from bot.models import Community
from bot.models import Member as MemberRow
from tests.matrix.conftest import joined, room_with

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


async def test_a_version_12_room_treats_its_creator_as_admin(services, member_factory, bot_factory):
    ana, bruno = await member_factory("ana"), await member_factory("bruno")
    bot = await bot_factory()
    room_id = await room_with(
        ana,
        bot.user_id,
        bruno.user_id,
        room_version="12",
        power_level_override={"users": {bruno.user_id: 50}},
    )
    await bruno.client.join(room_id)
    await joined(ana, room_id, bot.user_id)
    levels = (await ana.client.room_get_state_event(room_id, "m.room.power_levels")).content
    assert ana.user_id not in levels["users"]  # the creator's power is implicit in v12
    await until_mirrored(
        services, room_id, {ana.user_id: (ADMIN, True), bruno.user_id: (BOARD, False)}
    )


async def test_an_explicit_board_list_replaces_power_levels(services, member_factory, bot_factory):
    ana, bruno = await member_factory("ana"), await member_factory("bruno")
    bot = await bot_factory(matrix_board_users=f" {bruno.user_id} ")
    room_id = await room_with(
        ana,
        bot.user_id,
        bruno.user_id,
        room_version="11",
        power_level_override={"users": {ana.user_id: 100}},
    )
    await bruno.client.join(room_id)
    await until_mirrored(
        services,
        room_id,
        {ana.user_id: (["Admin", "Membre"], True), bruno.user_id: (BOARD, False)},
    )
