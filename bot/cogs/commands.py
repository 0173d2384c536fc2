"""Slash commands built from the chat layer's declared commands (`bot.chat.commands`).

Each declared command becomes a slash command (or a subcommand of its group: /vote proposer),
with French names and descriptions and English localizations fed from the declared help
texts; its typed options become Discord options (integers, choices, autocomplete). A call
builds a `DiscordContext` and runs the one shared handler through `dispatch`.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.chat.commands import CommandSpec, Option, for_platform, groups
from bot.chat.reply import Text, reply
from bot.cogs import autocomplete
from bot.cogs.actor import actor_from, community_ref, locale_language
from bot.cogs.client import CoopiloteBot
from bot.cogs.context import DiscordContext
from bot.cogs.threads import open_thread
from bot.core.actor import Actor
from bot.core.i18n import register, t

log = logging.getLogger(__name__)

DESCRIPTION_MAX = 100  # Discord: a command's, an option's description
ENGLISH = (discord.Locale.american_english, discord.Locale.british_english)
# Discord waits 3 s for an answer: a step with none after this long is deferred.
DEFER_AFTER = 2.0

# Commands whose first answer may be a form (a modal cannot follow a deferral).
FORMS: frozenset[tuple[str, ...]] = frozenset(
    {("vote", "proposer"), ("pratique", "partager"), ("pratique", "modifier")}
)
# Commands whose answer is for the asker only (a receipt, personal data): deferred privately.
PRIVATE: frozenset[tuple[str, ...]] = frozenset(
    {
        ("vote", "pour"),
        ("vote", "contre"),
        ("vote", "abstention"),
        ("repondre",),
        ("moi", "donnees"),
        ("moi", "effacer"),
    }
)
# What a posted motion or practice gets: a thread for its discussion.
THREADED: frozenset[tuple[str, ...]] = frozenset({("vote", "proposer"), ("pratique", "partager")})

register(
    {
        "discord.guild_only": (
            "Coopilote répond dans les salons d’un serveur, pas en message privé."
        ),
    }
)

# The interaction a task is answering: the chat layer's own error log names it (see below).
current_interaction: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "current_interaction", default=None
)


class InteractionTag(logging.Filter):
    """Prefix records logged while answering an interaction with its id (for the operator)."""

    def filter(self, record: logging.LogRecord) -> bool:
        found = current_interaction.get()
        if found is not None and not getattr(record, "interaction_tagged", False):
            record.msg = f"interaction {found}: {record.msg}"
            record.interaction_tagged = True
        return True


TAG = InteractionTag()
# dispatch logs what a handler raised (never its arguments) on this logger.
CHAT_LOGGER = "bot.chat.handlers"

Dispatch = Callable[[Any, CommandSpec, str], Awaitable[None]]
ArgsLine = Callable[[CommandSpec, Mapping[str, object]], str]


def chat_layer() -> tuple[Dispatch, ArgsLine]:
    """The chat layer's `dispatch` and `args_line` (bot.chat.handlers, bot.chat.commands)."""
    from bot.chat.commands import args_line
    from bot.chat.handlers import dispatch

    return dispatch, args_line


class Translator(app_commands.Translator):
    """English (en-US, en-GB) from the `en` each name and description carries."""

    async def translate(
        self,
        string: locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale in ENGLISH:
            return string.extras.get("en")
        return None


def _words(fr: str, en: str, limit: int = DESCRIPTION_MAX) -> locale_str:
    def cut(text: str) -> str:
        return text if len(text) <= limit else text[: limit - 1] + "…"

    return locale_str(cut(fr), en=cut(en))


def english_name(spec: CommandSpec) -> str | None:
    """A top-level command's English name: its first English alias (/tool for /outil)."""
    for alias in spec.aliases:
        name = alias.lstrip("/!")
        if name.isascii() and name.isalpha() and name != spec.path[0]:
            return name.lower()
    return None


def _name(name: str, en: str | None) -> locale_str:
    return locale_str(name, en=en) if en else locale_str(name)


def _annotation(option: Option) -> Any:
    base = int if option.kind == "integer" else str
    return base if option.required else base | None


Run = Callable[[discord.Interaction, CommandSpec, dict[str, object]], Awaitable[None]]


def make_command(
    spec: CommandSpec,
    name: str,
    run: Run,
    suggest: Callable[[CommandSpec, Option], Any],
    *,
    en_name: str | None = None,
) -> app_commands.Command[Any, ..., None]:
    """One slash command (or subcommand) for `spec`, its options typed as declared."""
    # Discord lists required options first; the handler reads them in declared order anyway.
    ordered = sorted(enumerate(spec.options), key=lambda io: not io[1].required)
    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    renames: dict[str, locale_str] = {}
    describe: dict[str, locale_str] = {}
    choices: dict[str, list[app_commands.Choice[str]]] = {}
    completes: dict[str, Any] = {}
    for index, option in ordered:
        key = f"o{index}"
        params.append(
            inspect.Parameter(
                key,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=_annotation(option),
                default=inspect.Parameter.empty if option.required else None,
            )
        )
        renames[key] = _name(option.name, option.name_en if option.name_en != option.name else None)
        describe[key] = _words(option.help_fr, option.help_en)
        if option.choices:
            choices[key] = [
                app_commands.Choice(name=_words(c.fr, c.en), value=c.value) for c in option.choices
            ]
        found = suggest(spec, option)
        if found is not None:
            completes[key] = found

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        by_name = {opt.name: values.get(f"o{i}") for i, opt in enumerate(spec.options)}
        await run(interaction, spec, by_name)

    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_rename__ = renames  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = describe  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_choices__ = choices  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_autocomplete__ = completes  # type: ignore[attr-defined]
    callback.__qualname__ = callback.__name__ = "slash_" + "_".join(spec.path)
    return app_commands.Command(
        name=_name(name, en_name),
        description=_words(spec.help_fr, spec.help_en),
        callback=callback,
    )


def build(
    run: Run, suggest: Callable[[CommandSpec, Option], Any]
) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """Every command declared for Discord: top-level commands and groups of subcommands."""
    out: list[app_commands.Command[Any, ..., None] | app_commands.Group] = []
    for top, specs in groups(for_platform("discord")).items():
        root = next((s for s in specs if len(s.path) == 1), None)
        subs = [s for s in specs if len(s.path) == 2]
        if not subs:
            assert root is not None
            command = make_command(root, top, run, suggest, en_name=english_name(root))
            command.guild_only = True
            out.append(command)
            continue
        about = root or subs[0]
        group = app_commands.Group(
            name=_name(top, english_name(about)),
            description=_words(about.help_fr, about.help_en),
            guild_only=True,
        )
        if root is not None:
            # A group's root cannot be called on Discord: it is its `root_as` subcommand.
            group.add_command(make_command(root, root.root_as or "voir", run, suggest))
        for spec in subs:
            group.add_command(make_command(spec, spec.path[1], run, suggest))
        out.append(group)
    return out


class SlashCommands(commands.Cog):
    """The chat layer's commands as slash commands, run through the shared handlers."""

    def __init__(
        self,
        bot: CoopiloteBot,
        dispatch: Dispatch | None = None,
        args_line: ArgsLine | None = None,
    ) -> None:
        self.bot = bot
        self.services = bot.services
        if dispatch is None or args_line is None:
            real_dispatch, real_args = chat_layer()
            dispatch, args_line = dispatch or real_dispatch, args_line or real_args
        self.dispatch, self.args_line = dispatch, args_line
        self.commands = build(self.run, self._suggest)
        self.synced = False

    async def cog_load(self) -> None:
        await self.bot.tree.set_translator(Translator())
        logging.getLogger(CHAT_LOGGER).addFilter(TAG)
        for command in self.commands:
            self.bot.tree.add_command(command, override=True)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # Once per process: Discord keeps the commands; a restart replaces them in one call.
        if not self.synced:
            self.synced = True
            commands_ = await self.bot.tree.sync()
            log.info("%d slash command(s) synced", len(commands_))

    async def cog_unload(self) -> None:
        logging.getLogger(CHAT_LOGGER).removeFilter(TAG)
        for command in self.commands:
            self.bot.tree.remove_command(command.name)

    async def who(self, interaction: discord.Interaction) -> tuple[Actor, str] | None:
        """The member as the core's actor, and their reply language (None outside a guild)."""
        actor = actor_from(interaction)
        if actor is None or interaction.guild is None:
            return None
        chosen = locale_language(interaction.locale)
        if chosen is None:
            settings = await self.services.communities.settings(community_ref(interaction.guild))
            chosen = settings.language
        return actor, chosen

    def _suggest(self, spec: CommandSpec, option: Option) -> Any:
        found = autocomplete.source(spec, option)
        if found is None:
            return None
        return autocomplete.callback(self.services, found, option.kind == "integer", self.who)

    async def run(
        self, interaction: discord.Interaction, spec: CommandSpec, values: dict[str, object]
    ) -> None:
        """Run the declared command's handler for this interaction."""
        actor = actor_from(interaction)
        chosen = locale_language(interaction.locale)
        if actor is None or interaction.guild is None:
            lang = chosen or self.services.communities.default_language
            await interaction.response.send_message(t("discord.guild_only", lang), ephemeral=True)
            return
        default = self.services.communities
        ctx = DiscordContext(
            self.services,
            interaction,
            actor,
            chosen or default.default_language,
            default.default_timezone,
        )
        args = self.args_line(spec, {k: v for k, v in values.items() if v is not None})
        if spec.path not in FORMS or (spec.path == ("vote", "proposer") and args.strip()):
            # Nothing but a form is answered first: acknowledge before any slow work.
            await ctx.defer(ephemeral=spec.path in PRIVATE)
        settings = await self.services.communities.settings(community_ref(interaction.guild))
        # The member's Discord language when French or English, else the community's.
        ctx.lang = chosen or settings.language
        ctx.timezone = settings.timezone
        watchdog = asyncio.create_task(self._keep_alive(ctx, spec))
        current_interaction.set(interaction.id)  # this task's own context
        try:
            await self.dispatch(ctx, spec, args)
        except Exception:
            log.error("interaction %s (%s) failed", ctx.interaction.id, spec.name, exc_info=True)
            await ctx.show(reply(Text(t("error.generic", ctx.lang), tone="error"), ephemeral=True))
        finally:
            watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watchdog
        for message, shown in ctx.posted:
            # on_reply_posted(spec, message, reply): a public reply is in the channel (a vote
            # message whose live state another cog may keep up to date, for instance).
            self.bot.dispatch("reply_posted", spec, message, shown)
        # A thread for what the command posted: the motion (titled), or the confirmed form.
        if spec.path in THREADED and ctx.posted and (ctx.filled or ctx.posted[-1][1].title):
            message, shown = ctx.posted[-1]
            # The title the member wrote names the thread best; else the reply's own.
            first = next((b.text for b in shown.blocks if isinstance(b, Text)), "")
            title = ctx.filled.get("title") or shown.title or first or spec.name
            channel = ctx.interaction.channel
            _thread, why = await open_thread(channel, message, title, ctx.lang, ctx.interaction)
            if why is not None:
                await ctx.show(reply(Text(why, tone="warn"), ephemeral=True))

    async def _keep_alive(self, ctx: DiscordContext, spec: CommandSpec) -> None:
        """Defer any step (a modal submit, a click) still unanswered after DEFER_AFTER."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(0.25)
            if ctx.waiting and loop.time() - ctx.since >= DEFER_AFTER:
                # A form's steps are the member's own until the post.
                await ctx.defer(ephemeral=spec.path in PRIVATE or spec.path in FORMS)


async def setup(bot: CoopiloteBot) -> None:
    """discord.py's extension entry point."""
    await bot.add_cog(SlashCommands(bot))
