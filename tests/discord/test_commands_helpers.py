"""The bot with its slash commands against the fake Discord, and what tests read from it.

Until the chat layer's handlers land (`bot.chat.handlers`), a small stand-in with the
contract's shape (`dispatch`, `args_line`) runs the few commands these tests use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.chat.commands import CommandSpec
from bot.chat.reply import Text, reply
from bot.cogs.client import CoopiloteBot
from bot.cogs.commands import SlashCommands, chat_layer
from bot.cogs.config import Configuration
from bot.core.app import Services
from bot.core.errors import CoopiloteError
from bot.core.i18n import t
from tests.discord.fake_discord import FakeDiscord, Guild, LoopbackOnly

ADMIN = 1 << 3
MANAGE_GUILD = 1 << 5


def standin_args_line(spec: CommandSpec, values: Mapping[str, object]) -> str:
    """The contract's args_line: typed options in declared order, empty ones skipped."""
    return " ".join(
        str(values[o.name]) for o in spec.options if values.get(o.name) not in (None, "")
    )


async def standin_dispatch(ctx: Any, spec: CommandSpec, args: str) -> None:
    """The few handlers these tests use, written against the contract (tests only)."""
    from bot.chat.forms import MOTION, PRACTICE
    from bot.chat.render import advisor, decisions, practices
    from bot.core.decisions.options import split_options
    from bot.core.practices.syntax import parse_search

    services = ctx.services
    try:
        if spec.path == ("outil",):
            answer = await services.advisor.advise(ctx.actor, args)
            await ctx.show(advisor.advice(answer, ctx.lang))
        elif spec.path == ("vote", "proposer"):
            text, choices = split_options(args)
            if not text:
                values = await ctx.fill(MOTION, {})
                if values is None:
                    await ctx.show(reply(t("chat.cancelled", ctx.lang), ephemeral=True))
                    return
                text, more = split_options(values["text"])
                _rest, rules = split_options(". " + values.get("rules", ""))
                choices = choices.merged(more).merged(rules)
                if values.get("title"):
                    from dataclasses import replace

                    choices = replace(choices, title=values["title"])
            view = await services.decisions.propose(
                ctx.actor, text, title=choices.title, choices=choices
            )
            await ctx.show(decisions.vote(view, ctx.lang, services.clock.now()))
        elif spec.path == ("pratique", "partager"):
            values = await ctx.fill(PRACTICE, {})
            if values is None:
                await ctx.show(reply(t("chat.cancelled", ctx.lang), ephemeral=True))
                return
            view = await services.practices.post(ctx.actor, values)
            await ctx.show(practices.practice(view, ctx.lang))
        elif spec.path == ("pratique", "chercher"):
            page = await services.practices.search(ctx.actor, parse_search(args))
            await ctx.show(practices.search(page, ctx.lang))
        else:
            raise AssertionError(f"the stand-in has no handler for {spec.name}")
    except CoopiloteError as exc:
        await ctx.show(reply(Text(exc.message(ctx.lang), tone="error"), ephemeral=True))


def the_chat_layer() -> tuple[Any, Any]:
    """The real dispatch and args_line once they exist, else the stand-in."""
    try:
        return chat_layer()
    except ImportError:
        return standin_dispatch, standin_args_line


async def new_bot(services: Services) -> CoopiloteBot:
    """The bot with its slash commands and /coopilote (not yet connected)."""
    bot = CoopiloteBot(
        services, start_scheduler=False, connector=LoopbackOnly(), guild_ready_timeout=0.05
    )
    dispatch, args_line = the_chat_layer()
    await bot.add_cog(SlashCommands(bot, dispatch, args_line))
    await bot.add_cog(Configuration(bot))
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
