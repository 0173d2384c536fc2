"""Slash commands as Discord users see them: the synced tree, answers, modals, threads."""

from __future__ import annotations

from typing import Any

from bot.chat.commands import for_platform
from bot.core.app import Services
from tests.discord.fake_discord import FakeDiscord, running
from tests.discord.test_commands_helpers import coop, embed_text, new_bot, synced


def _by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in items}


async def test_every_command_declared_for_discord_is_in_the_synced_tree(
    fake_discord: FakeDiscord, services: Services
):
    coop(fake_discord)
    bot = await new_bot(services)
    async with running(bot, fake_discord):
        tree = _by_name(await synced(fake_discord))
    for spec in for_platform("discord"):
        top = tree[spec.path[0]]
        if len(spec.path) == 1 and not any(o.get("type") == 1 for o in top.get("options", [])):
            command = top
        else:
            name = spec.path[1] if len(spec.path) == 2 else spec.root_as
            command = _by_name(top["options"])[name]
            assert command["type"] == 1  # a subcommand
        # French first, English for en-US and en-GB, from the declared help texts.
        assert command["description"] == spec.help_fr[:100] or spec.help_fr.startswith(
            command["description"].rstrip("…")
        )
        assert set(command["description_localizations"]) == {"en-US", "en-GB"}
        assert command["description_localizations"]["en-US"].rstrip("…") in spec.help_en
        options = _by_name(command.get("options", []))
        assert set(options) == {o.name for o in spec.options}, spec.name
        for option in spec.options:
            synced_option = options[option.name]
            assert synced_option["type"] == (4 if option.kind == "integer" else 3)
            assert synced_option.get("required", False) == option.required
            if option.name_en != option.name:
                assert synced_option["name_localizations"]["en-US"] == option.name_en
            if option.choices:
                assert [c["value"] for c in synced_option["choices"]] == [
                    c.value for c in option.choices
                ]
                assert [c["name_localizations"]["en-GB"] for c in synced_option["choices"]] == [
                    c.en for c in option.choices
                ]
    # Groups and their English names; commands the console alone has are absent.
    assert tree["vote"]["name_localizations"]["en-US"] == "motion"
    assert tree["outil"]["name_localizations"]["en-GB"] == "tool"
    assert {o["name"] for o in tree["vote"]["options"]} >= {
        "proposer",
        "appuyer",
        "voir",
        "fermer",
        "retirer",
        "regles",
        "liste",
    }
    assert {o["name"] for o in tree["registre"]["options"]} >= {"chercher", "extrait", "exporter"}
    assert "langue" not in tree and "coopilote" in tree
    coopilote = _by_name(tree["coopilote"]["options"])
    assert coopilote["role-ca"]["type"] == 8 and coopilote["salon-annonces"]["type"] == 7
    assert coopilote["appui"]["type"] == 5
    # Numbers, families, practices and register numbers are suggested while typing.
    numero = _by_name(_by_name(tree["vote"]["options"])["appuyer"]["options"])["numero"]
    assert numero["autocomplete"] is True
    assert len(tree) <= 100


async def test_an_advisor_answer_through_outil(fake_discord: FakeDiscord, services: Services):
    guild = coop(fake_discord)
    bot = await new_bot(services)
    async with running(bot, fake_discord):
        await synced(fake_discord)
        asked = await fake_discord.slash(
            guild, guild.member("chloe"), "outil", besoin="envoyer une infolettre à nos membres"
        )
        first = await fake_discord.response(asked)
        assert first["type"] == 5  # acknowledged at once (« Coopilote réfléchit… »)
        [answer] = await fake_discord.wait_for(lambda: fake_discord.followups(asked))
    shown = embed_text(answer)
    assert "Infolettre" in shown or "infolettre" in shown.casefold()
    assert answer["allowed_mentions"] == {"parse": []}
