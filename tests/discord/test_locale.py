"""Replies in the member's Discord language (French or English), else the community's."""

from __future__ import annotations

from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_commands_helpers import coop, embed_text, synced_bot


async def test_an_english_speaking_member_gets_english(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    chloe = guild.member("chloe")
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(
            guild, chloe, "outil", besoin="send a newsletter to our members", locale="en-US"
        )
        await fake_discord.response(asked)
        # The advisor loads its models on first use: a few seconds, once per process.
        [english] = await fake_discord.wait_for(lambda: fake_discord.followups(asked), within=30)
        asked = await fake_discord.slash(
            guild, chloe, "outil", besoin="envoyer une infolettre", locale="fr"
        )
        await fake_discord.response(asked)
        [french] = await fake_discord.wait_for(lambda: fake_discord.followups(asked))
        # The form itself speaks the member's language.
        modal = await fake_discord.response(
            await fake_discord.slash(
                guild, guild.member("alice"), "vote", "proposer", locale="en-GB"
            )
        )
    assert "Newsletter" in embed_text(english) or "newsletter" in embed_text(english)
    assert "Infolettre" in embed_text(french)
    assert embed_text(english) != embed_text(french)
    assert modal["data"]["title"] == "Propose a motion"
    labels = [c["components"][0]["label"] for c in modal["data"]["components"]]
    assert labels == ["Text of the motion", "Short title", "Rules"]


async def test_another_locale_gets_the_communitys_language(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    owner = guild.member("owner")
    ref = CommunityRef("discord", str(guild.id), guild.name)
    admin = Actor(ref, str(owner.user.id), "owner", is_admin=True)
    await services.communities.update_settings(admin, language="en")
    async with synced_bot(fake_discord, services):
        modal = await fake_discord.response(
            await fake_discord.slash(guild, guild.member("alice"), "vote", "proposer", locale="de")
        )
    assert modal["data"]["title"] == "Propose a motion"
