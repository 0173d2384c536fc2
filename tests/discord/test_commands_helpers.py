"""The bot with its slash commands against the fake Discord, and what tests read from it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.chat.commands import args_line
from bot.cogs.client import CoopiloteBot
from bot.cogs.commands import SlashCommands
from bot.core.app import Services
from tests.discord.fake_discord import FakeDiscord, Guild, LoopbackOnly, running

ADMIN = 1 << 3
MANAGE_GUILD = 1 << 5


def _bot(services: Services, **options: Any) -> CoopiloteBot:
    return CoopiloteBot(
        services,
        start_scheduler=False,
        connector=LoopbackOnly(),
        guild_ready_timeout=0.05,
        **options,
    )


async def new_bot(services: Services) -> CoopiloteBot:
    """The bot as `coopilote run` builds it: slash commands and /coopilote included."""
    return _bot(services)


def bare_bot(services: Services) -> CoopiloteBot:
    """The bot with none of our commands, only the cog that syncs the tree."""
    return _bot(services, cogs=("bot.cogs.sync",))


async def bot_with(services: Services, dispatch: Any) -> CoopiloteBot:
    """The bot whose slash commands run `dispatch` instead of the chat layer's."""
    bot = bare_bot(services)
    await bot.add_cog(SlashCommands(bot, dispatch, args_line))
    return bot


@asynccontextmanager
async def synced_bot(
    fake: FakeDiscord, services: Services, bot: CoopiloteBot | None = None
) -> AsyncIterator[CoopiloteBot]:
    """`bot` (by default the one `coopilote run` builds) on the fake, its command tree synced."""
    bot = bot or await new_bot(services)
    async with running(bot, fake):
        await synced(fake)
        yield bot


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


async def fill_motion(
    fake: FakeDiscord, guild: Guild, member: Any, values: dict[str, str], locale: str = "fr"
) -> tuple[Any, dict[str, Any]]:
    """/vote proposer without text: the modal opens; submit it; the preview's answer."""
    asked = await fake.slash(guild, member, "vote", "proposer", locale=locale)
    modal_id, inputs = fake.modal_inputs(await fake.response(asked))
    by_field = {key.rsplit(":", 1)[1]: key for key in inputs}
    submitted = await fake.submit_modal(
        guild, member, modal_id, {by_field[k]: v for k, v in values.items()}, locale=locale
    )
    return submitted, await fake.response(submitted)
