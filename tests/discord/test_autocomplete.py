"""Suggestions while typing: families, open votes, practices, register numbers."""

from __future__ import annotations

from typing import Any

from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services
from tests.discord.fake_discord import FakeDiscord, Guild
from tests.discord.test_commands_helpers import coop, synced_bot


def actor(guild: Guild, name: str) -> Actor:
    member = guild.member(name)
    roles = frozenset(guild.roles[r].name for r in member.roles)
    ref = CommunityRef("discord", str(guild.id), guild.name)
    return Actor(ref, str(member.user.id), name, roles)


async def choices(fake: FakeDiscord, *args: Any, **options: Any) -> list[dict[str, Any]]:
    """The suggestions the bot answered for one autocomplete interaction."""
    body = await fake.response(await fake.autocomplete(*args, **options))
    assert body["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    return body["data"]["choices"]


async def test_families_votes_practices_and_register_numbers_are_suggested(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    alice, bob = actor(guild, "alice"), actor(guild, "bob")
    budget = await services.decisions.propose(
        alice, "Que le CA adopte le budget 2027.", title="Budget 2027"
    )
    await services.decisions.propose(alice, "Que le CA loue un local.", title="Local")
    decided = await services.decisions.propose(
        alice, "Que le CA adhère au réseau.", title="Adhésion au réseau"
    )
    await services.decisions.second(bob, decided.number)
    for who in (alice, bob):
        await services.decisions.cast(who, decided.number, "pour")
    [entry] = await services.decisions.register(alice)
    await services.practices.post(
        actor(guild, "chloe"),
        {"title": "Popote roulante : inscriptions en ligne", "actions": "Un formulaire."},
    )
    member = guild.member("chloe")
    async with synced_bot(fake_discord, services):
        # Accents and case ignored; any word of the name may begin with what was typed.
        families = await choices(
            fake_discord, guild, member, "referentiel", "nom", "famille", nom="medias"
        )
        assert [c["name"] for c in families] == ["Médias sociaux"]
        assert families[0]["value"] == "Médias sociaux"
        # /outil takes any text; family names are offered while typing.
        need = await choices(fake_discord, guild, member, "outil", "besoin", besoin="infol")
        assert [c["name"] for c in need] == ["Infolettre"]
        every = await choices(fake_discord, guild, member, "referentiel", "nom", "famille", nom="")
        assert len(every) == 25  # Discord's limit, out of 39 families
        votes = await choices(
            fake_discord, guild, member, "vote", "numero", "appuyer", numero="bud"
        )
        assert votes == [{"name": f"{budget.number} — Budget 2027", "value": budget.number}]
        by_number = await choices(
            fake_discord, guild, member, "vote", "numero", "voir", numero=str(budget.number)
        )
        assert [c["value"] for c in by_number] == [budget.number]
        practices = await choices(
            fake_discord, guild, member, "pratique", "numero", "voir", numero="popo"
        )
        assert [c["name"] for c in practices] == ["1 — Popote roulante : inscriptions en ligne"]
        register = await choices(
            fake_discord, guild, member, "registre", "reference", "extrait", reference="adh"
        )
        reference = entry.resolution or str(entry.number)
        assert register == [{"name": f"{reference} — Adhésion au réseau", "value": reference}]
