"""When the bot lacks a permission, the member is told which one, and where."""

from __future__ import annotations

from bot.core.app import Services
from tests.discord.fake_discord import CREATE_PUBLIC_THREADS, FakeDiscord
from tests.discord.test_commands_helpers import coop, embed_text, synced_bot


async def test_a_motion_without_thread_permission_is_posted_and_the_permission_named(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    general = guild.channel("general")
    fake_discord.deny_bot(general, CREATE_PUBLIC_THREADS)
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(
            guild,
            guild.member("alice"),
            "vote",
            "proposer",
            texte="Que le CA adopte le budget 2027.",
        )
        await fake_discord.response(asked)
        sent = await fake_discord.wait_for(
            lambda: len(fake_discord.followups(asked)) >= 2 and fake_discord.followups(asked)
        )
    posted, warning = sent
    assert "Que le CA adopte le budget 2027." in embed_text(posted)
    assert warning["flags"] & 64  # to the proposer only
    assert embed_text(warning) == (
        "Il manque au bot la permission « Créer des fils publics » dans "
        f"<#{general.id}> : demandez à un·e admin du serveur de la lui donner "
        "(Paramètres du salon > Permissions)."
    )
    assert not fake_discord.calls_to("POST", r"/channels/\d+/messages/\d+/threads")


async def test_discord_refusing_a_thread_names_the_permission_in_english(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    general = guild.channel("general")
    async with synced_bot(fake_discord, services):
        # Discord said the bot may create threads, then refuses (a permission changed since).
        fake_discord.denied[general.id] = CREATE_PUBLIC_THREADS
        fake_discord.app_permissions_ignore_denied = True
        asked = await fake_discord.slash(
            guild,
            guild.member("alice"),
            "vote",
            "proposer",
            locale="en-US",
            texte="That the board adopt the 2027 budget.",
        )
        await fake_discord.response(asked)
        sent = await fake_discord.wait_for(
            lambda: len(fake_discord.followups(asked)) >= 2 and fake_discord.followups(asked)
        )
    refused = fake_discord.calls_to("POST", r"/channels/\d+/messages/\d+/threads")
    assert [c.status for c in refused] == [403]
    assert "check its permissions in that channel" in embed_text(sent[1])
