"""/coopilote: admins configure the community; anyone else is refused, privately."""

from __future__ import annotations

import asyncio

from bot.core.actor import CommunityRef
from bot.core.app import Services
from bot.core.errors import PermissionDenied
from tests.discord.fake_discord import FakeDiscord, running
from tests.discord.test_commands_helpers import coop, embed_text, new_bot, synced, synced_bot


async def test_an_admin_configures_roles_channel_language_and_vote_rules(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    ref = CommunityRef("discord", str(guild.id))
    async with synced_bot(fake_discord, services) as bot:
        # gaby holds « Gestion » (Manage Server) only: a Discord admin, not a director.
        asked = await fake_discord.slash(
            guild,
            guild.member("gaby"),
            "coopilote",
            role_ca=guild.role("CA"),
            role_membres=guild.role("Membre"),
            salon_annonces=guild.channel("annonces"),
            langue="en",
            fuseau="America/Toronto",
            distance="reglements",
            appui=False,
            rappels="12h, 30min",
        )
        first = await fake_discord.response(asked)
        assert first["type"] == 5 and first["data"]["flags"] & 64  # private, at once
        answer = await fake_discord.wait_for(
            lambda: fake_discord.original(asked)["embeds"] and fake_discord.original(asked)
        )
        shown = embed_text(answer)
        assert "Configuration de Coopilote" in shown  # gaby's Discord is in French
        assert "Rôle du CA CA" in shown and "Salon des annonces \\#annonces" in shown
        assert "Langue en" in shown and "Fuseau horaire America/Toronto" in shown
        assert "appui requis : non" in shown and "permis par les règlements" in shown
        assert "12 h" in shown or "12h" in shown
        assert "Enregistré : " in shown

        view = await services.communities.settings(ref)
        assert view.language == "en" and view.timezone == "America/Toronto"
        assert view.settings["board_role"] == "CA"
        assert view.settings["board_role_id"] == str(guild.role("CA").id)
        assert view.settings["announce_channel_id"] == str(guild.channel("annonces").id)
        assert view.settings["vote_distance"] == "reglements"
        assert view.settings["vote_seconder"] is False
        assert view.settings["vote_reminders"] == [720, 30]

        # Configured by id: renaming the role keeps it the board's.
        followed = asyncio.ensure_future(bot.wait_for("role_followed", timeout=5))
        await fake_discord.role_rename(guild, "CA", "Conseil")
        guild_id, changed = await followed
        assert guild_id == guild.id and changed == ["board_role"]
        assert (await services.communities.settings(ref)).settings["board_role"] == "Conseil"
        # A role never configured here is still matched by name.
        assert (await services.communities.settings(ref)).settings["admin_role"] == "Admin"


async def test_a_member_who_is_not_admin_is_refused_and_nothing_changes(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(
            guild, guild.member("bob"), "coopilote", langue="en", locale="en-GB"
        )
        await fake_discord.response(asked)
        [refused] = await fake_discord.wait_for(lambda: fake_discord.followups(asked))
        # Even reading the configuration is for admins.
        looked = await fake_discord.slash(guild, guild.member("chloe"), "coopilote")
        await fake_discord.response(looked)
        [also] = await fake_discord.wait_for(lambda: fake_discord.followups(looked))
    assert refused["flags"] & 64
    assert embed_text(refused) == PermissionDenied().message("en")
    assert embed_text(also) == PermissionDenied().message("fr")
    settings = await services.communities.settings(CommunityRef("discord", str(guild.id)))
    assert settings.language == "fr"


async def test_the_synced_options_are_the_declared_settings(
    fake_discord: FakeDiscord, services: Services
):
    # One text for every platform: Discord's option names, help and choices are the declared
    # /coopilote settings (bot.chat.commands), not a copy.
    from bot.chat import commands as chat
    from bot.cogs.config import SUBCOMMANDS

    coop(fake_discord)
    bot = await new_bot(services)
    async with running(bot, fake_discord):
        tree = {c["name"]: c for c in await synced(fake_discord)}
    command = tree["coopilote"]
    assert command["description"] == chat.spec("/coopilote").help_fr
    options = {o["name"]: o for o in command["options"]}
    assert len(options) == len(SUBCOMMANDS)
    for sub in SUBCOMMANDS.values():
        (declared,) = chat.spec(f"/coopilote {sub}").options
        synced_option = options[declared.name]
        assert synced_option["description"] == declared.help_fr
        assert synced_option["name_localizations"]["en-US"] == declared.name_en
        assert synced_option["description_localizations"]["en-GB"] == declared.help_en
        assert not synced_option.get("required", False)  # each one alone, or none: the settings
        if declared.choices and synced_option["type"] == 3:
            assert [c["value"] for c in synced_option["choices"]] == [
                c.value for c in declared.choices
            ]
            assert [c["name_localizations"]["en-US"] for c in synced_option["choices"]] == [
                c.en for c in declared.choices
            ]
    assert options["fuseau"]["autocomplete"] is True
