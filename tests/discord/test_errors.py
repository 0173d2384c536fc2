"""What a Discord user sees when a command fails, and who the core thinks they are."""

from __future__ import annotations

import asyncio

import discord

from bot.cogs.actor import actor_from
from bot.cogs.client import CoopiloteBot
from bot.core.actor import Actor
from bot.core.app import Services
from bot.core.errors import PermissionDenied
from tests.discord.fake_discord import FakeDiscord, running
from tests.discord.test_commands_helpers import bare_bot

ADMIN = 1 << 3


def bot_with_commands(services: Services) -> tuple[CoopiloteBot, list[Actor | None]]:
    # Only this test's commands: the slash commands of bot.cogs.commands would shadow « moi ».
    bot = bare_bot(services)
    seen: list[Actor | None] = []

    @bot.tree.command(name="refus", description="Refused")
    async def refus(inter: discord.Interaction) -> None:
        raise PermissionDenied()

    @bot.tree.command(name="panne", description="Broken")
    async def panne(inter: discord.Interaction) -> None:
        raise RuntimeError("un bogue")

    @bot.tree.command(name="moi", description="Who am I")
    async def moi(inter: discord.Interaction) -> None:
        seen.append(actor_from(inter))
        await inter.response.send_message("ok", ephemeral=True)

    return bot, seen


def coop(fake: FakeDiscord):
    return fake.add_guild(
        "Coop", roles={"CA": 0, "Admin": ADMIN}, members={"owner": [], "alice": ["CA", "Admin"]}
    )


async def test_a_domain_error_is_a_private_message_in_the_users_language(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    alice = guild.member("alice")
    bot, _ = bot_with_commands(services)
    async with running(bot, fake_discord):
        french = await fake_discord.response(await fake_discord.slash(guild, alice, "refus"))
        english = await fake_discord.response(
            await fake_discord.slash(guild, alice, "refus", locale="en-US")
        )
        other = await fake_discord.response(
            await fake_discord.slash(guild, alice, "refus", locale="de")
        )
    for body in (french, english, other):
        assert body["type"] == 4 and body["data"]["flags"] & 64
        assert body["data"]["allowed_mentions"] == {"parse": []}
    assert french["data"]["embeds"][0]["description"] == PermissionDenied().message("fr")
    assert english["data"]["embeds"][0]["description"] == PermissionDenied().message("en")
    # German is neither: the community's language (French by default).
    assert other["data"]["embeds"][0]["description"] == PermissionDenied().message("fr")
    assert not fake_discord.errors  # the user's to fix: nothing logged as an error


async def test_a_bug_is_a_generic_message_and_one_log_without_options(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    bot, _ = bot_with_commands(services)
    async with running(bot, fake_discord):
        interaction = await fake_discord.slash(guild, guild.member("alice"), "panne")
        # Logged before the answer goes out; set it aside (expected) to wait for the answer.
        await asyncio.wait_for(fake_discord.error_logged.wait(), 5)
        [record] = fake_discord.errors
        fake_discord.errors.clear()
        body = await fake_discord.response(interaction)
    assert "Rien n’a été modifié" in body["data"]["embeds"][0]["description"]
    assert record.getMessage() == f"interaction {interaction.id} (/panne) failed"
    assert "un bogue" in repr(record.exc_info)  # the traceback is kept for the operator


async def test_the_actor_is_the_member_with_roles_admin_language_and_channel(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    bot, seen = bot_with_commands(services)
    async with running(bot, fake_discord):
        await fake_discord.response(
            await fake_discord.slash(guild, guild.member("alice"), "moi", locale="en-GB")
        )
    [actor] = seen
    assert actor is not None
    assert actor.community.key == f"discord:{guild.id}" and actor.community.name == "Coop"
    assert actor.user_id == str(guild.member("alice").user.id)
    assert actor.roles == frozenset({"CA", "Admin"}) and actor.is_admin
    assert actor.language == "en"
    assert actor.channel_id == str(guild.channel("general").id)
