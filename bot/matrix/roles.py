"""A room's members as the core knows members: board and admins from power levels.

A room is a community. The board is the members with at least the configured power level
(or the explicit list when one is set); admins are power level 100. From room version 12 on,
the room's creators have unlimited power without being listed in the power levels, so they
are admins (and on the board) by construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nio import MatrixRoom

from bot.core.actor import CommunityRef
from bot.core.communities import MemberInfo

ADMIN_LEVEL = 100
# Room versions whose creators are implicitly privileged (MSC4289); later ones keep the rule.
_LEGACY_VERSIONS = frozenset(str(n) for n in range(1, 12))


@dataclass(frozen=True, slots=True)
class RolePolicy:
    """Who is on the board and what the roles are called in this community."""

    board_level: int
    board_users: frozenset[str]
    board_role: str
    member_role: str
    admin_role: str


def community_ref(room: MatrixRoom) -> CommunityRef:
    """The community a room is."""
    return CommunityRef("matrix", room.room_id, room.display_name)


def creators_have_power(room_version: str) -> bool:
    """Whether the room's creators are privileged without a power level (version 12 on)."""
    return room_version not in _LEGACY_VERSIONS


def power_of(room: MatrixRoom, user_id: str, creators: Iterable[str]) -> float:
    """The user's power level; a creator of a version-12 room has unlimited power."""
    if creators_have_power(room.room_version) and user_id in set(creators):
        return float("inf")
    return room.power_levels.get_user_level(user_id)


def member_infos(
    room: MatrixRoom, creators: Iterable[str], policy: RolePolicy, bot_user_id: str
) -> list[MemberInfo]:
    """The room's joined people (not the bot) with their roles."""
    creators = frozenset(creators)
    people: list[MemberInfo] = []
    for user_id, user in room.users.items():
        if user_id == bot_user_id or user_id in room.invited_users:
            continue
        level = power_of(room, user_id, creators)
        admin = level >= ADMIN_LEVEL
        board = user_id in policy.board_users if policy.board_users else level >= policy.board_level
        roles = {policy.member_role}
        if board:
            roles.add(policy.board_role)
        if admin:
            roles.add(policy.admin_role)
        people.append(
            MemberInfo(
                user_id=user_id,
                display_name=user.display_name or user_id,
                roles=frozenset(roles),
                is_admin=admin,
            )
        )
    return people


SPACE = "m.space"


@dataclass(frozen=True, slots=True)
class CommunityRooms:
    """The rooms making one community: its key room, its rooms, the room giving its roles."""

    key: MatrixRoom  # the space (or the room itself): its id is the community's
    rooms: tuple[MatrixRoom, ...]  # every joined room of the community
    reference: MatrixRoom  # power levels of this room make the board and the admins


def space_id_of(room: MatrixRoom, rooms: Mapping[str, MatrixRoom]) -> str | None:
    """The space a room belongs to (its own id for a space), from the space's
    `m.space.child` state when the bot is in the space, else the room's `m.space.parent`."""
    if room.room_type == SPACE:
        return room.room_id
    for other in rooms.values():
        if other.room_type == SPACE and room.room_id in other.children:
            return other.room_id
    return min(room.parents) if room.parents else None


def community_rooms(
    room: MatrixRoom, rooms: Mapping[str, MatrixRoom], reference: str = ""
) -> CommunityRooms:
    """A room alone, or its space with the space's rooms the bot is in, as one community.

    The reference room is the configured one when it belongs to the space, else the space
    itself when the bot is in it, else the space's first room (by id, a stable order).
    """
    space = space_id_of(room, rooms)
    if space is None:
        return CommunityRooms(room, (room,), room)
    members = sorted(
        (r for r in rooms.values() if space_id_of(r, rooms) == space),
        key=lambda r: (r.room_id != space, r.room_id),
    )
    key = rooms.get(space) or _placeholder(space, room)
    chosen = next((r for r in members if r.room_id == reference), None)
    chosen = chosen or (rooms.get(space) if space in rooms else None)
    chosen = chosen or next((r for r in members if r.room_type != SPACE), room)
    return CommunityRooms(key, tuple(members), chosen)


def _placeholder(space_id: str, room: MatrixRoom) -> MatrixRoom:
    """A space the bot is not in: only its id is known (its name is the room's)."""
    stub = MatrixRoom(space_id, room.own_user_id)
    stub.name = room.display_name
    return stub


def community_ref_of(found: CommunityRooms) -> CommunityRef:
    """The community of a group of rooms: the space's id and name (or the room's)."""
    return CommunityRef("matrix", found.key.room_id, found.key.display_name)


def community_members(
    found: CommunityRooms,
    creators: Iterable[str],
    policy: RolePolicy,
    bot_user_id: str,
) -> list[MemberInfo]:
    """Everyone joined in any room of the community; roles from the reference room's power
    levels (someone absent from it is a plain member)."""
    ranked = {m.user_id: m for m in member_infos(found.reference, creators, policy, bot_user_id)}
    people: dict[str, MemberInfo] = {}
    for room in found.rooms:
        for info in member_infos(room, (), policy, bot_user_id):
            if info.user_id in people:
                continue
            people[info.user_id] = ranked.get(info.user_id) or MemberInfo(
                info.user_id, info.display_name, frozenset({policy.member_role}), False
            )
    for user_id, info in ranked.items():
        people.setdefault(user_id, info)
    return list(people.values())
