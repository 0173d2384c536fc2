"""The bot restarted between the ballots and the close: old buttons work, one result."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.settings import Settings
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_reminders import public
from tests.discord.test_voting import (
    board,
    embed_text,
    ephemeral_text,
    member_actor,
    open_motion,
    post_vote,
    voting_bot,
)


@asynccontextmanager
async def restarted(
    fake: FakeDiscord, settings: Settings, clock: FakeClock, guild: Any
) -> AsyncIterator[tuple[Services, Any]]:
    """A new process: new services on the same database and a new client, closed after."""
    again = await open_services(settings, clock=clock)
    try:
        async with voting_bot(fake, again, guild) as cog:
            yield again, cog
    finally:
        await again.close()


async def test_buttons_work_after_a_restart_and_the_close_happens_once(
    fake_discord: FakeDiscord, services: Services, settings: Settings, clock: FakeClock
):
    guild = board(fake_discord)
    general = guild.channel("general")
    async with voting_bot(fake_discord, services, guild) as cog:
        view = await open_motion(services, guild)
        mid = await post_vote(fake_discord, cog, guild, view)
        n = view.number
        await fake_discord.response(
            await fake_discord.click(guild, guild.member("alice"), f"vote:{n}:pour", message_id=mid)
        )
        await cog.live.edits.drain()
    await services.close()  # the process stops…

    # …and a new one starts: new services on the same database, a new client.
    async with restarted(fake_discord, settings, clock, guild) as (again, cog):
        # The message posted before the restart, its buttons untouched since.
        answer = await fake_discord.response(
            await fake_discord.click(guild, guild.member("bob"), f"vote:{n}:contre", message_id=mid)
        )
        assert f"Vote enregistré au n° {n} : Contre." in ephemeral_text(answer)
        await cog.live.edits.drain()
        assert "Participation : 2 sur 3" in embed_text(fake_discord.messages[mid])

        clock.advance(hours=48, minutes=1)
        assert again.scheduler is not None
        await again.scheduler.run_due()
        await again.scheduler.run_due()
        await cog.live.edits.drain()
    results = public(fake_discord, general, but=mid)
    assert len(results) == 1, [embed_text(m) for m in results]
    assert f"résultat du vote n° {n}" in embed_text(results[0])
    final = fake_discord.messages[mid]
    assert final["components"] == [] and "Fermé le" in embed_text(final)


async def test_a_member_who_never_spoke_votes_after_a_role_change(
    fake_discord: FakeDiscord, services: Services
):
    guild = board(fake_discord)
    dave = guild.member("dave")
    async with voting_bot(fake_discord, services, guild) as cog:
        updated = asyncio.Event()

        async def on_mirrored(guild_id: int, what: str) -> None:
            if what == "update":
                updated.set()

        cog.bot.add_listener(on_mirrored, "on_members_mirrored")
        # An admin gives dave the board role in Discord; the bot hears it on the gateway.
        await fake_discord.member_update(guild, dave, roles=["CA"])
        await asyncio.wait_for(updated.wait(), 5)

        view = await open_motion(services, guild)
        assert view.electorate_size == 4  # alice, bob, chloe and dave
        mid = await post_vote(fake_discord, cog, guild, view)
        answer: Any = await fake_discord.response(
            await fake_discord.click(guild, dave, f"vote:{view.number}:pour", message_id=mid)
        )
        await cog.live.edits.drain()
    assert f"Vote enregistré au n° {view.number} : Pour." in ephemeral_text(answer)
    assert "Participation : 1 sur 4" in embed_text(fake_discord.messages[mid])
    shown = await services.decisions.show(member_actor(guild, "dave", "CA"), view.number)
    assert shown.viewer is not None and shown.viewer.voted


async def test_after_a_restart_the_close_finds_the_vote_message_nobody_clicked(
    fake_discord: FakeDiscord, services: Services, settings: Settings, clock: FakeClock
):
    guild = board(fake_discord)
    general = guild.channel("general")
    async with voting_bot(fake_discord, services, guild) as cog:
        view = await open_motion(services, guild)
        mid = await post_vote(fake_discord, cog, guild, view)
    await services.close()

    async with restarted(fake_discord, settings, clock, guild) as (again, cog):
        clock.advance(hours=48, minutes=1)
        assert again.scheduler is not None
        await again.scheduler.run_due()
        await cog.live.edits.drain()
    # Found in the channel's history: its buttons gone, the close shown.
    final = fake_discord.messages[mid]
    assert final["components"] == [] and "Fermé le" in embed_text(final)
    assert len(public(fake_discord, general, but=mid)) == 1
