"""The bot with its slash commands against the fake Discord, and what tests read from it."""

from __future__ import annotations

from typing import Any

from bot.chat.commands import args_line
from bot.cogs.client import CoopiloteBot
from bot.cogs.commands import SlashCommands
from bot.core.app import Services
from tests.discord.fake_discord import FakeDiscord, Guild, LoopbackOnly

ADMIN = 1 << 3
MANAGE_GUILD = 1 << 5


async def new_bot(services: Services) -> CoopiloteBot:
    """The bot as `coopilote run` builds it: slash commands and /coopilote included."""
    return CoopiloteBot(
        services, start_scheduler=False, connector=LoopbackOnly(), guild_ready_timeout=0.05
    )


async def bot_with(services: Services, dispatch: Any) -> CoopiloteBot:
    """The bot whose slash commands run `dispatch` instead of the chat layer's."""
    bot = CoopiloteBot(
        services,
        start_scheduler=False,
        connector=LoopbackOnly(),
        guild_ready_timeout=0.05,
        cogs=("bot.cogs.sync",),
    )
    await bot.add_cog(SlashCommands(bot, dispatch, args_line))
    return bot


def coop(fake: FakeDiscord) -> Guild:
    """A co-op's server: an owner, two directors (one of them admin), a member, a visitor."""
    return fake.add_guild(
        "Coop du Nord",
        roles={"CA": 0, "Membre": 0, "Admin": ADMIN, "Gestion": MANAGE_GUILD},
        channels=("general", "annonces"),
        members={
            "owner": [],
            "alice": ["CA", "Admin"],
            "bob": ["CA"],
            "chloe": ["Membre"],
            "gaby": ["Gestion"],
        },
    )


async def synced(fake: FakeDiscord) -> list[dict[str, Any]]:
    """The command tree the bot synced (waiting for it)."""
    await fake.wait_for_call("PUT", r"/applications/\d+/commands")
    return fake.commands[None]


def embed_text(message: dict[str, Any]) -> str:
    """Everything a member reads in a message: content, embed titles, descriptions, fields."""
    parts = [message.get("content") or ""]
    for e in message.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in e.get("fields") or []]
    return "\n".join(p for p in parts if p)
