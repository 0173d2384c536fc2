"""Who acts on Discord, and in which language to answer them."""

from __future__ import annotations

import discord

from bot.core.actor import Actor, CommunityRef
from bot.core.communities import Communities, MemberInfo


def community_ref(guild: discord.Guild) -> CommunityRef:
    """The community a guild is."""
    return CommunityRef("discord", str(guild.id), guild.name)


def member_info(member: discord.Member) -> MemberInfo:
    """A guild member as the core knows members: id, shown name, role names, admin or not."""
    perms = member.guild_permissions
    return MemberInfo(
        user_id=str(member.id),
        display_name=member.display_name,
        roles=frozenset(role.name for role in member.roles if not role.is_default()),
        is_admin=perms.administrator or perms.manage_guild,
    )


def locale_language(locale: discord.Locale | str | None) -> str | None:
    """« fr » or « en » from a Discord locale (fr, en-US, en-GB…); None for any other."""
    code = str(locale or "").lower()[:2]
    return code if code in ("fr", "en") else None


def actor_from(interaction: discord.Interaction) -> Actor | None:
    """The member who interacted, as the core's Actor (None outside a guild)."""
    member = interaction.user
    if interaction.guild is None or not isinstance(member, discord.Member):
        return None
    info = member_info(member)
    return Actor(
        community=community_ref(interaction.guild),
        user_id=info.user_id,
        display_name=info.display_name,
        roles=info.roles,
        is_admin=info.is_admin,
        language=locale_language(interaction.locale),
        channel_id=str(interaction.channel_id) if interaction.channel_id else None,
    )


async def reply_language(communities: Communities, interaction: discord.Interaction) -> str:
    """The user's Discord language when French or English, else the community's."""
    chosen = locale_language(interaction.locale)
    if chosen is not None:
        return chosen
    if interaction.guild is not None:
        return (await communities.settings(community_ref(interaction.guild))).language
    return communities.default_language
