"""/coopilote: a community's configuration on Discord (admins: Manage Guild or the admin role).

Roles and the announcement channel are picked from Discord's own menus and stored through the
core's community settings by name and by id: once configured, a role is followed by its id (a
renamed role stays the board's); before that, roles are matched by name (« CA », « Membre »).
Vote settings (bylaws mode, seconder, reminders) go through the decisions service, which checks
and audits them. Who may configure is decided by the core, not here.
"""

from __future__ import annotations

import logging
import zoneinfo
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.chat.render import decisions as render_decisions
from bot.chat.reply import Field, Fields, Heading, Items, Reply, Text
from bot.cogs.actor import actor_from, community_ref, locale_language
from bot.cogs.autocomplete import MAX_CHOICES, matches
from bot.cogs.client import CoopiloteBot
from bot.cogs.render import message_kwargs
from bot.core.communities import CommunityView
from bot.core.decisions.options import RuleChoices, split_options
from bot.core.i18n import register, t

log = logging.getLogger(__name__)

# Settings keys: the role's name (what the core matches) and its Discord id (what follows it).
ROLE_SETTINGS = {
    "role_ca": "board_role",
    "role_membres": "member_role",
    "role_moderation": "practices_moderator_role",
    "role_admin": "admin_role",
}
ANNOUNCE_SETTING = "announce_channel_id"  # where results and announcements go (default: the
# channel where a vote was launched)

register(
    {
        "discord.config.title": {
            "fr": "Configuration de Coopilote",
            "en": "Coopilote configuration",
        },
        "discord.config.saved": {
            "fr": "Enregistré : {names}.",
            "en": "Saved: {names}.",
        },
        "discord.config.none": {
            "fr": "Rien n’a changé : choisissez une option de /coopilote pour la modifier.",
            "en": "Nothing changed: pick an option of /coopilote to change it.",
        },
        "discord.config.role_ca": {"fr": "Rôle du CA", "en": "Board role"},
        "discord.config.role_membres": {"fr": "Rôle des membres", "en": "Member role"},
        "discord.config.role_moderation": {"fr": "Rôle de modération", "en": "Moderator role"},
        "discord.config.role_admin": {"fr": "Rôle des admins", "en": "Admin role"},
        "discord.config.salon_annonces": {
            "fr": "Salon des annonces",
            "en": "Announcement channel",
        },
        "discord.config.langue": {"fr": "Langue", "en": "Language"},
        "discord.config.fuseau": {"fr": "Fuseau horaire", "en": "Timezone"},
        "discord.config.distance": {"fr": "Votes à distance", "en": "Remote votes"},
        "discord.config.appui": {"fr": "Appui requis", "en": "Seconder required"},
        "discord.config.rappels": {"fr": "Rappels", "en": "Reminders"},
        "discord.config.by_name": {
            "fr": "{name} (par son nom, tant qu’il n’est pas choisi ici)",
            "en": "{name} (by name, until it is picked here)",
        },
        "discord.config.announce_default": {
            "fr": "le salon où chaque vote a été lancé",
            "en": "the channel where each vote was launched",
        },
        "discord.config.vote_rules": {"fr": "Règles des votes", "en": "Vote rules"},
    }
)


OPTIONS: dict[str, tuple[str, str]] = {
    # python name: (French option name, English option name)
    "role_ca": ("role-ca", "board-role"),
    "role_membres": ("role-membres", "member-role"),
    "role_moderation": ("role-moderation", "moderator-role"),
    "role_admin": ("role-admin", "admin-role"),
    "salon_annonces": ("salon-annonces", "announcement-channel"),
    "langue": ("langue", "language"),
    "fuseau": ("fuseau", "timezone"),
    "distance": ("distance", "remote-votes"),
    "appui": ("appui", "seconder"),
    "rappels": ("rappels", "reminders"),
}

HELP = {
    "role_ca": ("Le rôle Discord des administrateurs (CA)", "The board's Discord role"),
    "role_membres": ("Le rôle Discord des membres", "The members' Discord role"),
    "role_moderation": ("Qui modère les pratiques", "Who moderates practices"),
    "role_admin": (
        "Qui configure Coopilote (en plus de « Gérer le serveur »)",
        "Who configures Coopilote (besides Manage Server)",
    ),
    "salon_annonces": ("Où annoncer les résultats", "Where results are announced"),
    "langue": ("Langue de la communauté", "The community's language"),
    "fuseau": ("Fuseau horaire (ex. : America/Montreal)", "Timezone (e.g. America/Montreal)"),
    "distance": ("Ce que vos règlements permettent", "What your bylaws allow"),
    "appui": ("Une proposition doit-elle être appuyée?", "Must a motion be seconded?"),
    "rappels": (
        "Rappels avant l’échéance (ex. : 24h, 1h ou aucun)",
        "Reminders before the deadline (e.g. 24h, 1h or aucun)",
    ),
}


def _describe() -> dict[str, locale_str]:
    return {k: locale_str(fr, en=en) for k, (fr, en) in HELP.items()}


def _rename() -> dict[str, locale_str]:
    return {k: locale_str(fr, en=en) for k, (fr, en) in OPTIONS.items()}


async def timezones(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Timezones the typed text begins (Québec's first), at most 25."""
    ordered = sorted(zoneinfo.available_timezones(), key=lambda z: (z != "America/Montreal", z))
    found = [z for z in ordered if matches(current, z, z.replace("_", " "))]
    return [app_commands.Choice(name=z, value=z) for z in found[:MAX_CHOICES]]


def _role_shown(view: CommunityView, key: str, guild: discord.Guild | None, lang: str) -> str:
    name = str(view.settings.get(key, ""))
    role_id = view.settings.get(f"{key}_id")
    role = guild.get_role(int(role_id)) if guild is not None and role_id else None
    if role is not None:
        return role.name
    return t("discord.config.by_name", lang, name=name or "—")


def summary(view: CommunityView, rules: Reply, guild: discord.Guild | None, lang: str) -> Reply:
    """The community's configuration as an admin reads it."""
    channel_id = view.settings.get(ANNOUNCE_SETTING)
    channel = guild.get_channel(int(channel_id)) if guild is not None and channel_id else None
    fields = [
        Field(t(f"discord.config.{option}", lang), _role_shown(view, key, guild, lang))
        for option, key in ROLE_SETTINGS.items()
    ]
    fields += [
        Field(
            t("discord.config.salon_annonces", lang),
            f"#{channel.name}"
            if channel is not None
            else t("discord.config.announce_default", lang),
        ),
        Field(t("discord.config.langue", lang), view.language),
        Field(t("discord.config.fuseau", lang), view.timezone),
    ]
    items = [b for b in rules.blocks if isinstance(b, Items)]
    return Reply(
        (
            Heading(t("discord.config.title", lang)),
            Fields(tuple(fields)),
            Heading(t("discord.config.vote_rules", lang)),
            *items,
        ),
        ephemeral=True,
    )


class Configuration(commands.Cog):
    """/coopilote, and role renames followed for roles configured by id."""

    def __init__(self, bot: CoopiloteBot) -> None:
        self.bot = bot
        self.services = bot.services

    @app_commands.command(
        name=locale_str("coopilote", en="coopilote"),
        description=locale_str(
            "Configurer Coopilote pour ce serveur (admins)",
            en="Configure Coopilote for this server (admins)",
        ),
    )
    @app_commands.guild_only()
    @app_commands.rename(**_rename())
    @app_commands.describe(**_describe())
    @app_commands.choices(
        langue=[
            app_commands.Choice(name=locale_str("français", en="French"), value="fr"),
            app_commands.Choice(name=locale_str("anglais", en="English"), value="en"),
        ],
        distance=[
            app_commands.Choice(
                name=locale_str(
                    "consultation à entériner en réunion",
                    en="a consultation the next meeting ratifies",
                ),
                value="enteriner",
            ),
            app_commands.Choice(
                name=locale_str(
                    "permis par nos règlements (résolutions)",
                    en="allowed by our bylaws (resolutions)",
                ),
                value="reglements",
            ),
        ],
    )
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
        changes: dict[str, Any] = {}
        chosen = {
            "role_ca": role_ca,
            "role_membres": role_membres,
            "role_moderation": role_moderation,
            "role_admin": role_admin,
        }
        for option, role in chosen.items():
            if role is not None:
                key = ROLE_SETTINGS[option]
                changes[key] = role.name
                changes[f"{key}_id"] = str(role.id)
        if salon_annonces is not None:
            changes[ANNOUNCE_SETTING] = str(salon_annonces.id)
        if langue is not None:
            changes["language"] = langue
        if fuseau is not None:
            changes["timezone"] = fuseau.strip()
        reminders = None
        if rappels is not None:
            _rest, parsed = split_options(". rappels=" + rappels.replace(" ", ""))
            reminders = parsed.reminders if parsed.reminders is not None else ()
        rules = RuleChoices(distance=distance, seconder=appui, reminders=reminders)
        # The core says who may configure (Manage Server, Administrator or the admin role);
        # asked even when nothing changes, so that only admins read the configuration.
        view = await self.services.communities.update_settings(actor, **changes)
        if rules.is_empty():
            defaults = await self.services.decisions.defaults(actor)
        else:
            defaults = await self.services.decisions.set_defaults(actor, rules)
        lang = locale_language(interaction.locale) or view.language
        shown = summary(view, render_decisions.defaults(defaults, lang), interaction.guild, lang)
        names = [
            t(f"discord.config.{k}", lang)
            for k, v in {
                **chosen,
                "salon_annonces": salon_annonces,
                "langue": langue,
                "fuseau": fuseau,
                "distance": distance,
                "appui": appui,
                "rappels": rappels,
            }.items()
            if v is not None
        ]
        note = (
            t("discord.config.saved", lang, names=", ".join(names))
            if names
            else t("discord.config.none", lang)
        )
        shown = Reply((*shown.blocks, Text(note, "good" if names else "dim")), ephemeral=True)
        await interaction.edit_original_response(**message_kwargs(shown))
        log.info("interaction %s: configuration %s", interaction.id, "changed" if names else "read")

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
