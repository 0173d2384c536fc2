"""Mirror each guild's members and their roles into the core, so the electorate is complete.

A director who never spoke to the bot must still be counted, vote and get reminders: members
are mirrored at start (after chunking), and on join, leave and role or name change.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict

import discord
from discord.ext import commands

from bot.cogs.actor import community_ref, member_info
from bot.cogs.client import CoopiloteBot
from bot.core.actor import CommunityRef
from bot.core.communities import MemberInfo

log = logging.getLogger(__name__)


def people(guild: discord.Guild) -> list[MemberInfo]:
    """The guild's human members (bots are not part of any electorate)."""
    return [member_info(m) for m in guild.members if not m.bot]


class MemberSync(commands.Cog):
    """Keeps the core's member list of every guild equal to Discord's."""

    def __init__(self, bot: CoopiloteBot) -> None:
        self.bot = bot
        self.communities = bot.services.communities
        # One write at a time per guild: a full mirror must not overwrite a newer update.
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def mirror_guild(self, guild: discord.Guild) -> int:
        """Replace the community's members with the guild's (absent ones become inactive)."""
        async with self._locks[guild.id]:
            count = await self.communities.mirror_members(community_ref(guild), people(guild))
        log.info("guild %s: %d member(s) mirrored", guild.id, count)
        self._done(guild.id, "guild")
        return count

    def _done(self, guild_id: int, what: str) -> None:
        if what != "guild":  # a whole guild's mirror logs its count instead
            log.info("guild %s: members mirrored (%s)", guild_id, what)
        # on_members_mirrored(guild_id, what): the database now holds what Discord said.
        self.bot.dispatch("members_mirrored", guild_id, what)

    async def _mirror_one(self, member: discord.Member, what: str) -> None:
        async with self._locks[member.guild.id]:
            await self.communities.mirror_member(community_ref(member.guild), member_info(member))
        self._done(member.guild.id, what)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        # Dispatched once the guild's members are chunked (at start and after an outage).
        await self.mirror_guild(guild)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.mirror_guild(guild)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        if not member.bot:
            await self._mirror_one(member, "join")

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        if not after.bot and member_info(before) != member_info(after):
            await self._mirror_one(after, "update")

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        # Roles are matched by name until configured by id: a rename changes every holder.
        if before.name != after.name:
            await self.mirror_guild(after.guild)

    @commands.Cog.listener()
    async def on_guild_role_delete(self, role: discord.Role) -> None:
        await self.mirror_guild(role.guild)

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        # The raw event: the member may not be in the cache any more.
        guild = self.bot.get_guild(payload.guild_id)
        ref = (
            community_ref(guild)
            if guild is not None
            else CommunityRef("discord", str(payload.guild_id))
        )
        async with self._locks[payload.guild_id]:
            await self.communities.member_left(ref, str(payload.user.id))
        self._done(payload.guild_id, "leave")


async def setup(bot: CoopiloteBot) -> None:
    """discord.py's extension entry point."""
    await bot.add_cog(MemberSync(bot))
