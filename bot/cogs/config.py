"""/coopilote on Discord: the shared configuration handler behind Discord's typed options.

Discord offers the settings that text platforms type (« /coopilote langue en ») as the options of
one slash command, with its own role and channel pickers; their names, help and choices are the
declared ones (`bot.chat.commands`, « /coopilote … »), and the shared handler
(`bot.chat.handlers.config`) applies them through the core, which decides who may configure.
Roles and the announcement channel are given by id and name: once configured, a role is followed
by its id (a renamed role stays the board's); before that, roles are matched by name.
"""

from __future__ import annotations

import logging
import zoneinfo

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.chat import commands as chat
from bot.chat.commands import Option
from bot.chat.handlers.config import Changes, Names, Pick, configure
from bot.cogs.actor import actor_from, community_ref, locale_language
from bot.cogs.autocomplete import MAX_CHOICES, matches
from bot.cogs.client import CoopiloteBot
from bot.cogs.render import message_kwargs

log = logging.getLogger(__name__)

# Each parameter of the slash command (a `Changes` field) → its declared text subcommand.
SUBCOMMANDS = {
    "role_ca": "role-ca",
    "role_membres": "role-membres",
    "role_moderation": "role-moderation",
    "role_admin": "role-admin",
    "salon_annonces": "annonces",
    "langue": "langue",
    "fuseau": "fuseau",
    "distance": "distance",
    "appui": "appui",
    "rappels": "rappels",
}


def declared(parameter: str) -> Option:
    """The declared option a parameter stands for (its names, help and choices)."""
    return chat.spec(f"/coopilote {SUBCOMMANDS[parameter]}").options[0]


def _rename() -> dict[str, locale_str]:
    return {p: locale_str(declared(p).name, en=declared(p).name_en) for p in SUBCOMMANDS}


def _describe() -> dict[str, locale_str]:
    return {p: locale_str(declared(p).help_fr, en=declared(p).help_en) for p in SUBCOMMANDS}


def _choices(parameter: str) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=locale_str(c.fr, en=c.en), value=c.value)
        for c in declared(parameter).choices
    ]


ROOT = chat.spec("/coopilote")


async def timezones(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Timezones the typed text begins (Québec's first), at most 25."""
    ordered = sorted(zoneinfo.available_timezones(), key=lambda z: (z != "America/Montreal", z))
    found = [z for z in ordered if matches(current, z, z.replace("_", " "))]
    return [app_commands.Choice(name=z, value=z) for z in found[:MAX_CHOICES]]


def live_names(guild: discord.Guild) -> Names:
    """Roles and channels by id as the guild names them now (None when gone)."""

    def name(kind: str, found_id: str) -> str | None:
        if not found_id.isdigit():
            return None
        if kind == "role":
            role = guild.get_role(int(found_id))
            return role.name if role is not None else None
        channel = guild.get_channel(int(found_id))
        return f"#{channel.name}" if channel is not None else None

    return name


def _role(role: discord.Role | None) -> Pick | None:
    return Pick(role.name, str(role.id)) if role is not None else None


class Configuration(commands.Cog):
    """/coopilote, and role renames followed for roles configured by id."""

    def __init__(self, bot: CoopiloteBot) -> None:
        self.bot = bot
        self.services = bot.services

    @app_commands.command(
        name=locale_str("coopilote", en="coopilote"),
        description=locale_str(ROOT.help_fr[:100], en=ROOT.help_en[:100]),
    )
    @app_commands.guild_only()
    @app_commands.rename(**_rename())
    @app_commands.describe(**_describe())
    @app_commands.choices(langue=_choices("langue"), distance=_choices("distance"))
    @app_commands.autocomplete(fuseau=timezones)
    async def coopilote(
        self,
        interaction: discord.Interaction,
        role_ca: discord.Role | None = None,
        role_membres: discord.Role | None = None,
        role_moderation: discord.Role | None = None,
        role_admin: discord.Role | None = None,
        salon_annonces: discord.TextChannel | None = None,
        langue: str | None = None,
        fuseau: str | None = None,
        distance: str | None = None,
        appui: bool | None = None,
        rappels: str | None = None,
    ) -> None:
        """Show or change the community's configuration (admins only, checked by the core)."""
        actor = actor_from(interaction)
        assert actor is not None and interaction.guild is not None  # guild_only
        await interaction.response.defer(ephemeral=True, thinking=True)
        changes = Changes(
            role_ca=_role(role_ca),
            role_membres=_role(role_membres),
            role_moderation=_role(role_moderation),
            role_admin=_role(role_admin),
            annonces=(
                Pick(f"#{salon_annonces.name}", str(salon_annonces.id))
                if salon_annonces is not None
                else None
            ),
            langue=langue,
            fuseau=fuseau,
            distance=distance,
            appui=appui,
            rappels=rappels,
        )
        # Domain errors (a refusal, a bad value) go to the tree's one error handler.
        shown = await configure(
            self.services,
            actor,
            changes,
            locale_language(interaction.locale),
            names=live_names(interaction.guild),
            hint="config.none",
        )
        await interaction.edit_original_response(**message_kwargs(shown))
        log.info(
            "interaction %s: configuration %s",
            interaction.id,
            "changed" if changes.named() else "read",
        )

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        # A role configured by id keeps its place when renamed: its stored name follows.
        if before.name != after.name:
            changed = await self.services.communities.follow_role(
                community_ref(after.guild), str(after.id), after.name
            )
            # on_role_followed(guild_id, settings): the database now holds the new name.
            self.bot.dispatch("role_followed", after.guild.id, changed)


async def setup(bot: CoopiloteBot) -> None:
    """discord.py's extension entry point."""
    await bot.add_cog(Configuration(bot))
