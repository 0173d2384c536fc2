"""Members mirrored from a platform in bulk, and one at a time (join, change, leave)."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.actor import CommunityRef
from bot.core.app import Services
from bot.core.communities import MemberInfo
from bot.models import Member

GUILD = CommunityRef("discord", "42", "Coop")


async def known(services: Services) -> dict[str, tuple[list[str], bool, bool]]:
    async with services.db.transaction() as session:
        rows = await session.scalars(select(Member))
        return {r.display_name: (r.roles, r.is_admin, r.active) for r in rows}


async def test_mirror_adds_updates_and_deactivates(services: Services):
    people = [
        MemberInfo("1", "Alice", frozenset({"CA", "Admin"}), is_admin=True),
        MemberInfo("2", "Bob", frozenset({"CA"})),
        MemberInfo("3", "Chloé"),
    ]
    assert await services.communities.mirror_members(GUILD, people) == 3
    assert await known(services) == {
        "Alice": (["Admin", "CA"], True, True),
        "Bob": (["CA"], False, True),
        "Chloé": ([], False, True),
    }
    # Chloé became a director, Bob left the guild while the bot was away.
    again = [people[0], MemberInfo("3", "Chloé", frozenset({"CA"}))]
    assert await services.communities.mirror_members(GUILD, again) == 2
    assert await known(services) == {
        "Alice": (["Admin", "CA"], True, True),
        "Bob": (["CA"], False, False),
        "Chloé": (["CA"], False, True),
    }


async def test_one_member_joins_changes_and_leaves(services: Services):
    await services.communities.mirror_member(GUILD, MemberInfo("7", "Eve", frozenset({"CA"})))
    assert (await known(services))["Eve"] == (["CA"], False, True)
    assert await services.communities.member_left(GUILD, "7") is True
    assert await services.communities.member_left(GUILD, "7") is False  # already gone
    assert (await known(services))["Eve"] == (["CA"], False, False)
    await services.communities.mirror_member(GUILD, MemberInfo("7", "Eve", frozenset()))
    assert (await known(services))["Eve"] == ([], False, True)  # back, without the role
