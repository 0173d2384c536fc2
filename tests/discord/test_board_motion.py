"""A whole board motion on Discord, as the directors live it, through the real commands and
buttons: written in a modal, previewed with its rules, posted with a thread, seconded, voted
with buttons (one director changes), closed by its deadline on the core's clock, the result
posted in the channel and the decision found in the register."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.core.app import Services
from bot.core.clock import FakeClock
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_commands_helpers import embed_text as everything_read
from tests.discord.test_voting import (
    board,
    custom_ids,
    embed_text,
    ephemeral_text,
    member_actor,
    voting_bot,
)


def _public(fake: FakeDiscord, channel_id: int, but: int) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.channel_messages(channel_id)
        if int(m["id"]) != but and not (m.get("flags") or 0) & 64 and m.get("embeds")
    ]


async def _answer(fake: FakeDiscord, interaction: Any) -> str:
    """What the member reads in answer to a slash command (deferred or not)."""
    first = await fake.response(interaction)
    if first["type"] == 4:
        return everything_read(first["data"])
    [shown] = await fake.wait_for(lambda: fake.followups(interaction), within=30)
    return everything_read(shown)


async def test_a_board_motion_from_modal_to_register(
    fake_discord: FakeDiscord, services: Services, clock: FakeClock
) -> None:
    guild = board(fake_discord)
    alice, bob, chloe = (guild.member(n) for n in ("alice", "bob", "chloe"))
    general = guild.channel("general").id
    async with voting_bot(fake_discord, services, guild) as cog:
        cog.live.edits.interval = 0.0  # coalescing has its own tests: every change shown here

        # Alice writes the motion in a modal; she alone sees the preview, rules in plain words.
        asked = await fake_discord.slash(guild, alice, "vote", "proposer")
        modal_id, inputs = fake_discord.modal_inputs(await fake_discord.response(asked))
        by_field = {key.rsplit(":", 1)[1]: key for key in inputs}
        submitted = await fake_discord.submit_modal(
            guild,
            alice,
            modal_id,
            {
                by_field["text"]: "Que le conseil adopte le budget 2027.",
                by_field["title"]: "Budget 2027",
                by_field["rules"]: "délai=48h",
            },
        )
        preview = await fake_discord.response(submitted)
        assert preview["data"]["flags"] & 64
        assert "Règles de ce vote" in everything_read(preview["data"])
        message = fake_discord.original(submitted)
        published = await fake_discord.click(
            guild, alice, fake_discord.button(message, "Publier"), message_id=int(message["id"])
        )
        await fake_discord.response(published)
        await fake_discord.wait_for_call("POST", r"/channels/\d+/messages/\d+/threads")
        [posted] = [m for m in _public(fake_discord, general, 0) if "Budget 2027" in embed_text(m)]
        mid = int(posted["id"])
        [vote] = await services.decisions.list_open(member_actor(guild, "alice", "CA", "Admin"))
        n = vote.number

        # Bob seconds it: the vote opens.
        seconded = await _answer(
            fake_discord, await fake_discord.slash(guild, bob, "vote", "appuyer", numero=n)
        )
        assert "appuy" in seconded.casefold()
        # The seconding shows the open vote in the channel, with its ballot buttons.
        await fake_discord.wait_for(
            lambda: [m for m in _public(fake_discord, general, mid) if custom_ids(m)]
        )
        [shown_open] = [m for m in _public(fake_discord, general, mid) if custom_ids(m)]
        assert "vote ouvert" in embed_text(shown_open)
        mid = int(shown_open["id"])
        assert f"vote:{n}:pour" in custom_ids(fake_discord.messages[mid])

        # Alice votes for; Bob against, then changes to an abstention; Chloé does not vote.
        for member, choice in ((alice, "pour"), (bob, "contre"), (bob, "abstention")):
            answer = await fake_discord.response(
                await fake_discord.click(guild, member, f"vote:{n}:{choice}", message_id=mid)
            )
            assert f"au n° {n}" in ephemeral_text(answer)
        assert "Vote modifié" in ephemeral_text(answer)
        await cog.live.edits.drain()
        assert "Participation : 2 sur 3" in embed_text(fake_discord.messages[mid])

        # The deadline passes on the core's clock: the vote closes once, the result is posted.
        clock.advance(timedelta(hours=48, minutes=1))
        assert services.scheduler is not None
        await services.scheduler.run_due()
        await services.scheduler.run_due()  # nothing left: no second announcement
        await cog.live.edits.drain()
        results = _public(fake_discord, general, but=mid)
        [result] = [m for m in results if f"résultat du vote n° {n}" in embed_text(m)]
        shown = embed_text(result)
        assert "adoptée" in shown.casefold()
        assert fake_discord.messages[mid]["components"] == []  # no more buttons

        # The decision is in the register, as any director finds it.
        register = await _answer(
            fake_discord, await fake_discord.slash(guild, chloe, "registre", "chercher")
        )
        assert "Budget 2027" in register
