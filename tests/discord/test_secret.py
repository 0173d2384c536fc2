"""A secret ballot on Discord: nothing the bot sends or logs links a voter to a choice."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest

from bot.core.app import Services
from tests.discord.fake_discord import FakeDiscord, Guild
from tests.discord.test_voting import (
    ManualSleep,
    board,
    embed_text,
    ephemeral_text,
    open_motion,
    post_vote,
    voting_bot,
)

CHOICES = ("pour", "contre", "abstention")
WORDS = ("Pour", "Contre", "Abstention", "For", "Against", "Abstain")


def normal(text: str) -> str:
    """Ids, tokens, numbers and hashes out: what remains is what a reader could learn."""
    text = re.sub(r"[0-9a-f]{8,}", "h", text)
    return re.sub(r"\d+", "0", text)


async def secret_vote(
    fake: FakeDiscord,
    cog: Any,
    services: Services,
    guild: Guild,
    sleep: ManualSleep,
    ballots: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> tuple[list[str], list[str], dict[str, str]]:
    """One secret motion voted by `ballots` {name: choice} through the buttons until it
    closes; every REST body and log line of it (normalised), and each voter's receipt."""
    calls_before, logs_before = len(fake.calls), len(caplog.records)
    view = await open_motion(services, guild, "Élire la trésorière.", secret=True)
    mid = await post_vote(fake, cog, guild, view)
    receipts: dict[str, str] = {}
    for name, choice in ballots.items():
        click = await fake.click(
            guild, guild.member(name), f"vote:{view.number}:{choice}", message_id=mid
        )
        receipts[name] = normal(ephemeral_text(await fake.response(click)))
        sleep.release()
    sleep.release()
    await cog.live.edits.drain()
    assert fake.messages[mid]["components"] == []  # closed: everyone voted
    bodies = [
        normal(json.dumps([c.method, c.path, c.body], ensure_ascii=False, sort_keys=True))
        for c in fake.calls[calls_before:]
    ]
    records = caplog.records[logs_before:]
    # The database driver's records vary with what is cached; none may carry a choice.
    for r in records:
        if not r.name.startswith(("bot", "discord")):
            assert not any(c in r.getMessage().lower() for c in CHOICES), r.getMessage()
    logs = [
        normal(f"{r.name} {r.getMessage()}")
        for r in records
        if r.name.startswith(("bot", "discord"))
    ]
    return sorted(bodies), sorted(logs), receipts


async def test_no_payload_or_log_links_a_voter_to_a_choice(
    fake_discord: FakeDiscord, services: Services, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)  # discord.py's DEBUG records show every request body
    guild = board(fake_discord)
    sleep = ManualSleep()
    async with voting_bot(fake_discord, services, guild, sleep) as cog:
        first = await secret_vote(
            fake_discord, cog, services, guild, sleep,
            {"alice": "pour", "bob": "contre", "chloe": "abstention"}, caplog,
        )  # fmt: skip
        second = await secret_vote(
            fake_discord, cog, services, guild, sleep,
            {"alice": "contre", "bob": "abstention", "chloe": "pour"}, caplog,
        )  # fmt: skip
    # The same voters, other choices, the same totals: everything the bot sent (answers,
    # edits of the vote message, the announced result) and logged is the same, so none of
    # it can tell who chose what.
    bodies_1, logs_1, receipts_1 = first
    bodies_2, logs_2, receipts_2 = second
    assert any('"PATCH"' in b for b in bodies_1)  # live edits of the vote message
    assert any("résultat du vote" in b for b in bodies_1)  # the announced result
    assert bodies_1 == bodies_2
    assert logs_1 == logs_2
    assert receipts_1 == receipts_2
    for receipt in receipts_1.values():
        assert "Votre vote secret est enregistré" in receipt
        assert not any(word in receipt for word in WORDS)
    # And the result is there: the counts, no names.
    result = next(
        m
        for m in fake_discord.messages.values()
        if "résultat du vote" in (m["embeds"][0].get("title") or "")
        if m["embeds"]
    )
    text = embed_text(result)
    assert "Pour : 1 · Contre : 1 · Abstentions : 1" in text
    assert not any(name in text.split("Proposée par")[0] for name in ("bob", "chloe"))
