"""Members and roles mirrored from Discord into the database: the electorate is complete."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.cogs.client import CoopiloteBot, intents
from bot.cogs.runner import run_discord
from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services
from bot.models import Community, Member
from bot.settings import Settings
from tests.discord.fake_discord import FakeDiscord, LoopbackOnly, running

ADMIN = 1 << 3


def two_guilds(fake: FakeDiscord) -> None:
    fake.add_guild(
        "Coop du Nord",
        roles={"CA": 0, "Admin": ADMIN},
        members={"alice": ["CA", "Admin"], "bob": ["CA"], "chloe": [], "dave": []},
    )
    fake.add_guild("Réseau Sud", roles={"Membre": 0}, members={"dina": ["Membre"]})


class Mirrored:
    """Waits for the sync cog's « members_mirrored » events (the database is written)."""

    def __init__(self, bot: CoopiloteBot) -> None:
        self.seen: list[tuple[int, str]] = []
        self._changed = asyncio.Event()
        bot.add_listener(self._on, "on_members_mirrored")

    async def _on(self, guild_id: int, what: str) -> None:
        self.seen.append((guild_id, what))
        self._changed.set()

    async def wait(self, guild_id: int, what: str, n: int = 1) -> None:
        async def _until() -> None:
            while self.seen.count((guild_id, what)) < n:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(_until(), 5)


def new_bot(services: Services) -> tuple[CoopiloteBot, Mirrored]:
    bot = CoopiloteBot(
        services, start_scheduler=False, connector=LoopbackOnly(), guild_ready_timeout=0.05
    )
    return bot, Mirrored(bot)


@asynccontextmanager
async def north_mirrored(fake: FakeDiscord, services: Services) -> AsyncIterator[Mirrored]:
    """The bot connected to the two guilds, « Coop du Nord » mirrored."""
    two_guilds(fake)
    bot, mirrored = new_bot(services)
    async with running(bot, fake):
        await mirrored.wait(fake.guild("Coop du Nord").id, "guild")
        yield mirrored


async def members(services: Services, guild_id: int) -> dict[str, dict[str, Any]]:
    """The database's members of a guild's community, by display name."""
    async with services.db.transaction() as session:
        community = await session.scalar(
            select(Community).where(
                Community.platform == "discord", Community.external_id == str(guild_id)
            )
        )
        assert community is not None, "the guild is not a community"
        rows = await session.scalars(select(Member).where(Member.community_id == community.id))
        return {
            r.display_name: {"roles": r.roles, "admin": r.is_admin, "active": r.active}
            for r in rows
        }


def test_the_bot_asks_only_for_what_it_needs():
    wanted = intents()
    assert wanted.guilds and wanted.members
    assert not wanted.message_content and not wanted.presences


async def test_two_guilds_are_two_communities_with_their_members_and_roles(
    fake_discord: FakeDiscord, services: Services
):
    two_guilds(fake_discord)
    north, south = fake_discord.guild("Coop du Nord"), fake_discord.guild("Réseau Sud")
    bot, mirrored = new_bot(services)
    async with running(bot, fake_discord):
        await mirrored.wait(north.id, "guild")
        await mirrored.wait(south.id, "guild")
        assert await members(services, north.id) == {
            "alice": {"roles": ["Admin", "CA"], "admin": True, "active": True},
            "bob": {"roles": ["CA"], "admin": False, "active": True},
            "chloe": {"roles": [], "admin": False, "active": True},
            "dave": {"roles": [], "admin": False, "active": True},
        }  # the bot itself is nobody's member
        assert await members(services, south.id) == {
            "dina": {"roles": ["Membre"], "admin": True, "active": True},  # the owner
        }
        community = await services.communities.settings(CommunityRef("discord", str(north.id)))
        assert community.name == "Coop du Nord"
    # Members arrived by chunking: the fake sent GUILD_CREATE with the bot alone.
    assert fake_discord.session.intents == intents().value


async def test_join_role_change_rename_and_leave_reach_the_database(
    fake_discord: FakeDiscord, services: Services
):
    async with north_mirrored(fake_discord, services) as mirrored:
        north = fake_discord.guild("Coop du Nord")
        await fake_discord.member_join(north, "eve", ["CA"])
        await mirrored.wait(north.id, "join")
        assert (await members(services, north.id))["eve"]["roles"] == ["CA"]

        await fake_discord.member_update(north, north.member("chloe"), roles=["CA"])
        await mirrored.wait(north.id, "update")
        assert (await members(services, north.id))["chloe"]["roles"] == ["CA"]

        await fake_discord.role_rename(north, "CA", "Conseil")
        await mirrored.wait(north.id, "guild", n=2)
        assert (await members(services, north.id))["bob"]["roles"] == ["Conseil"]

        await fake_discord.member_leave(north, north.member("bob"))
        await mirrored.wait(north.id, "leave")
        assert (await members(services, north.id))["bob"]["active"] is False


async def test_a_director_who_never_spoke_is_in_the_electorate(
    fake_discord: FakeDiscord, services: Services
):
    async with north_mirrored(fake_discord, services) as mirrored:
        north = fake_discord.guild("Coop du Nord")
        await fake_discord.member_update(north, north.member("chloe"), roles=["CA"])
        await mirrored.wait(north.id, "update")

    ref = CommunityRef("discord", str(north.id), north.name)

    def director(name: str) -> Actor:
        member = north.member(name)
        return Actor(ref, str(member.user.id), name, frozenset({"CA"}))

    motion = await services.decisions.propose(director("alice"), "Adopter le budget 2027.")
    opened = await services.decisions.second(director("bob"), motion.number)
    # alice, bob and chloe, who never used the bot; dave holds no board role.
    assert opened.electorate_size == 3


async def test_a_guild_without_members_is_still_a_community(
    fake_discord: FakeDiscord, services: Services
):
    empty = fake_discord.add_guild("Vide")
    bot, mirrored = new_bot(services)
    async with running(bot, fake_discord):
        await mirrored.wait(empty.id, "guild")
    assert await members(services, empty.id) == {}


async def test_run_without_the_members_intent_says_how_to_enable_it(
    fake_discord: FakeDiscord, settings: Settings, capsys: pytest.CaptureFixture[str]
):
    two_guilds(fake_discord)
    fake_discord.allowed_privileged = 0  # the portal's « Server Members Intent » is off
    config = settings.model_copy(
        update={
            "discord_token": SecretStr(fake_discord.token),
            "discord_api_url": fake_discord.api_url,
        }
    )
    assert await run_discord(config) == 1
    assert "Server Members Intent" in capsys.readouterr().err
