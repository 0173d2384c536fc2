"""A room's members as the core knows members: board and admins from power levels.

A room is a community. The board is the members with at least the configured power level
(or the explicit list when one is set); admins are power level 100. From room version 12 on,
the room's creators have unlimited power without being listed in the power levels, so they
are admins (and on the board) by construction.
"""

from __future__ import annotations

from collections.abc import Iterable
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
