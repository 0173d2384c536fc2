"""First contact under load: many commands at once from communities the bot never saw."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.core.actor import CommunityRef
from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.models import Community, Member
from bot.settings import Settings
from tests.conftest import actor


@pytest.fixture
def settings(engine_settings: Settings) -> Settings:
    """Each test on SQLite, then on PostgreSQL."""
    return engine_settings


async def _command(services: Services, ref: CommunityRef, user: str) -> int:
    """What every command does first: resolve the actor's community and member."""
    async with services.db.transaction() as session:
        _, member = await services.communities.member(session, actor(user, "CA", community=ref))
        return member.id


async def test_first_contact_from_many_commands_at_once(
    services: Services, settings: Settings, clock: FakeClock
):
    """Eight commands at once from each of five new communities: no error, no duplicate."""
    # A second bot process on the same database (its own engine and caches).
    other = await open_services(settings, clock=clock, migrate=False)
    try:
        refs = [CommunityRef("discord", f"guild-{n}", f"Coop {n}") for n in range(5)]
        # Four members per community, each sending two commands at once (a double click),
        # one to each process.
        tasks = [
            _command((services, other)[n // 4], ref, f"Membre{n % 4}")
            for ref in refs
            for n in range(8)
        ]
        results = await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        await other.close()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    async with services.db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Community)) == 5
        assert await session.scalar(select(func.count()).select_from(Member)) == 20
    # Both commands of a member got the same row.
    assert len(set(results)) == 20


async def test_first_contact_keeps_the_latest_name_and_roles(services: Services):
    """A community renamed on the platform, a member given a role: the next command sees it."""
    ref = CommunityRef("discord", "guild-x", "Ancien nom")
    await _command(services, ref, "Ana")
    renamed = CommunityRef("discord", "guild-x", "Nouveau nom")
    async with services.db.transaction() as session:
        community, member = await services.communities.member(
            session, actor("Ana", "CA", "Trésorerie", community=renamed)
        )
    assert community.name == "Nouveau nom"
    assert member.roles == ["CA", "Trésorerie"]
