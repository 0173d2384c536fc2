"""When the bot lacks a permission, the member is told which one, and where."""

from __future__ import annotations

from typing import Any

from bot.core.app import Services
from tests.discord.fake_discord import CREATE_PUBLIC_THREADS, FakeDiscord
from tests.discord.test_commands_helpers import coop, embed_text, synced_bot


async def _propose(fake: FakeDiscord, guild: Any, text: str, **options: Any) -> list[Any]:
    """alice's /vote proposer with its text; the two follow-ups (the motion, the warning)."""
    asked = await fake.slash(
        guild, guild.member("alice"), "vote", "proposer", **options, texte=text
    )
    await fake.response(asked)
    return await fake.wait_for(lambda: len(fake.followups(asked)) >= 2 and fake.followups(asked))


async def test_a_motion_without_thread_permission_is_posted_and_the_permission_named(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    general = guild.channel("general")
    fake_discord.deny_bot(general, CREATE_PUBLIC_THREADS)
    async with synced_bot(fake_discord, services):
        sent = await _propose(fake_discord, guild, "Que le CA adopte le budget 2027.")
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
        sent = await _propose(
            fake_discord, guild, "That the board adopt the 2027 budget.", locale="en-US"
        )
    refused = fake_discord.calls_to("POST", r"/channels/\d+/messages/\d+/threads")
    assert [c.status for c in refused] == [403]
    assert "check its permissions in that channel" in embed_text(sent[1])
