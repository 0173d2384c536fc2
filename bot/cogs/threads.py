"""Discussion threads on posted motions and practices, and naming a missing permission.

When Discord refuses something for lack of a permission (403, « Missing Permissions »), the
member is told which permission the bot lacks and in which channel, in their language.
"""

from __future__ import annotations

import logging

import discord

from bot.core.i18n import register, t

log = logging.getLogger(__name__)

THREAD_NAME_MAX = 100  # Discord's limit on a channel (thread) name
ARCHIVE_AFTER = 10080  # minutes: a week without a message before the thread is archived

# Discord's own names for the permissions (as its French and English interfaces show them).
PERMISSION_NAMES: dict[str, tuple[str, str]] = {
    "view_channel": ("Voir les salons", "View Channels"),
    "send_messages": ("Envoyer des messages", "Send Messages"),
    "send_messages_in_threads": (
        "Envoyer des messages dans les fils",
        "Send Messages in Threads",
    ),
    "create_public_threads": ("Créer des fils publics", "Create Public Threads"),
    "embed_links": ("Intégrer des liens", "Embed Links"),
    "attach_files": ("Joindre des fichiers", "Attach Files"),
    "read_message_history": ("Voir les anciens messages", "Read Message History"),
}

register(
    {
        "discord.permission.missing": (
            "Il manque au bot la permission « {permission} » dans {channel} : demandez à "
            "un·e admin du serveur de la lui donner (Paramètres du salon > Permissions)."
        ),
        "discord.permission.refused": (
            "Discord a refusé cette action du bot dans {channel} (permission manquante) : "
            "vérifiez ses permissions dans ce salon."
        ),
        "discord.thread.name": "Discussion : {title}",
    }
)


def permission_name(permission: str, lang: str) -> str:
    """Discord's name of a permission in `lang` (« Créer des fils publics »)."""
    fr, en = PERMISSION_NAMES.get(permission, (permission, permission))
    return en if lang == "en" else fr


def channel_label(channel: object) -> str:
    """How a channel is named to a member: its mention (« #général » in their client)."""
    mention = getattr(channel, "mention", None)
    return str(mention) if mention else "#?"


def missing_message(
    needed: tuple[str, ...], granted: discord.Permissions | None, channel: object, lang: str
) -> str:
    """The sentence naming the first of `needed` that `granted` lacks (or a general one)."""
    lacking = [p for p in needed if granted is not None and not getattr(granted, p, True)]
    if lacking:
        return t(
            "discord.permission.missing",
            lang,
            permission=permission_name(lacking[0], lang),
            channel=channel_label(channel),
        )
    return t("discord.permission.refused", lang, channel=channel_label(channel))


def bot_permissions(
    channel: object, interaction: discord.Interaction | None = None
) -> discord.Permissions | None:
    """The bot's permissions in `channel` (Discord tells them with each interaction)."""
    if interaction is not None and interaction.channel_id == getattr(channel, "id", None):
        return interaction.app_permissions
    guild = getattr(channel, "guild", None)
    if guild is not None and hasattr(channel, "permissions_for"):
        return channel.permissions_for(guild.me)  # type: ignore[attr-defined]
    return None


THREAD_NEEDS = ("view_channel", "create_public_threads", "send_messages_in_threads")


async def open_thread(
    channel: discord.abc.Messageable | None,
    message: discord.abc.Snowflake,
    title: str,
    lang: str,
    interaction: discord.Interaction | None,
) -> tuple[discord.Thread | None, str | None]:
    """A discussion thread on `message` in `channel`; else (None, why, in `lang`)."""
    if not isinstance(channel, discord.TextChannel):
        return None, None  # a thread, a DM or a voice chat: no thread in it
    granted = bot_permissions(channel, interaction)
    if granted is not None and not all(getattr(granted, p) for p in THREAD_NEEDS):
        return None, missing_message(THREAD_NEEDS, granted, channel, lang)
    name = t("discord.thread.name", lang, title=title.strip() or "…")
    if len(name) > THREAD_NAME_MAX:
        name = name[: THREAD_NAME_MAX - 1] + "…"
    try:
        # Through the channel: a follow-up message may come without its guild attached.
        thread = await channel.create_thread(
            name=name, message=message, auto_archive_duration=ARCHIVE_AFTER
        )
    except discord.Forbidden:
        log.warning("no thread on message %s: forbidden in channel %s", message.id, channel.id)
        return None, missing_message(THREAD_NEEDS, granted, channel, lang)
    return thread, None
