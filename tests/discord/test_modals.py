"""Forms as modals: Discord's limits said, nothing cut, a preview that can be cancelled."""

from __future__ import annotations

import pytest

from bot.chat.forms import MOTION, PRACTICE
from bot.cogs.modals import INPUT_MAX, check_known, input_label
from bot.core.app import Services
from bot.core.errors import InvalidInput
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_commands_helpers import (
    coop,
    embed_text,
    fill_motion,
    synced_bot,
)


def test_a_field_longer_than_discord_allows_says_so_in_its_label():
    assert input_label(PRACTICE.field("actions"), "fr") == "Ce qui a été fait (max 4000)"
    assert input_label(PRACTICE.field("actions"), "en") == "What was done (max 4000)"
    assert input_label(MOTION.field("text"), "fr") == "Texte de la proposition"  # 4000: fits
    assert all(len(p) <= 5 for p in PRACTICE.pages()) and len(PRACTICE.pages()) == 3


def test_a_known_value_too_long_for_discord_is_refused_not_cut():
    long = "x" * (INPUT_MAX + 1)
    with pytest.raises(InvalidInput) as refused:
        check_known(PRACTICE, {"title": "Popote", "actions": long}, "fr")
    assert refused.value.message("fr") == (
        "« Ce qui a été fait » compte 4001 caractères, plus que les 4000 qu’un champ de "
        "formulaire Discord peut contenir : modifiez-le depuis la console ou Matrix. Rien n’a "
        "été modifié."
    )
    check_known(PRACTICE, {"actions": "x" * INPUT_MAX}, "fr")  # exactly the limit: fine


async def test_cancelling_at_the_preview_posts_nothing(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    alice = guild.member("alice")
    async with synced_bot(fake_discord, services):
        submitted, _ = await fill_motion(
            fake_discord, guild, alice, {"text": "Que le CA adopte le budget."}
        )
        message = fake_discord.original(submitted)
        clicked = await fake_discord.click(
            guild, alice, fake_discord.button(message, "Annuler"), message_id=int(message["id"])
        )
        edited = await fake_discord.response(clicked)
        [said] = await fake_discord.wait_for(lambda: fake_discord.followups(clicked))
    assert edited["type"] == 7 and edited["data"]["components"] == []
    assert said["flags"] & 64 and "Annulé" in embed_text(said)
    assert not await services.decisions.list_open(_alice(guild))


def _alice(guild):  # type: ignore[no-untyped-def]
    from bot.core.actor import Actor, CommunityRef

    member = guild.member("alice")
    return Actor(
        CommunityRef("discord", str(guild.id)), str(member.user.id), "alice", frozenset({"CA"})
    )
