"""The Discord notifier: results in the channel, reminders as direct messages.

A result goes to the community's announcement channel when one is configured, else to the
channel where the vote was launched; the vote's own message then shows its final state.
Reminders are direct messages. A member whose direct messages are closed (Discord's error
50007) is named, once per vote, in ONE channel message per delivery round that says nothing
else (not which vote, not that they have not voted: only that the bot cannot write to them).
Rate limits (429) are waited out by discord.py itself; any other failure raises, and the
outbox tries the row again later.
"""

from __future__ import annotations

import logging
from collections import defaultdict

import discord

from bot.chat.render.decisions import announcement, reminder
from bot.chat.reply import Text, reply
from bot.cogs.live import LiveVotes
from bot.cogs.render import message_kwargs, post
from bot.core.actor import CommunityRef
from bot.core.decisions.outbox import OPENED
from bot.core.decisions.views import ReminderView, VoteView
from bot.core.i18n import register, t
from bot.core.notifier import Announcement, DirectMessage

log = logging.getLogger(__name__)

register(
    {
        "discord.dm_closed": (
            "{names} : Coopilote ne peut pas vous écrire en message privé. Autorisez les "
            "messages privés des membres de ce serveur, ou consultez /vote liste."
        ),
    }
)

# Discord's error code: « Cannot send messages to this user » (DMs closed, or no shared guild).
CANNOT_SEND_TO_USER = 50007
# The community setting that names the announcement channel: /coopilote config writes it
# (discord-commands, bot/cogs/config.py ANNOUNCE_SETTING), as the channel id in a string.
ANNOUNCEMENT_SETTING = "announce_channel_id"


class DiscordNotifier:
    """Delivers this platform's announcements and reminders (the outbox claims only ours)."""

    platform = "discord"
    # « vote.opened » too: the vote's message, posted in answer to a form, gets its buttons.
    announces_openings = True

    def __init__(self, client: discord.Client, live: LiveVotes | None = None) -> None:
        self.client = client
        self.live = live
        # guild id -> (channel id, [display names]) waiting for this round's one notice.
        self._closed: dict[int, tuple[int | None, list[str]]] = {}
        # (guild id, vote number) -> user ids already named: once per vote is enough.
        self._named: defaultdict[tuple[int, int], set[str]] = defaultdict(set)

    # --- where --------------------------------------------------------------------------------

    async def _announcement_channel(self, community: CommunityRef) -> int | None:
        services = getattr(self.client, "services", None)
        if services is None:
            return None
        settings = (await services.communities.settings(community)).settings
        configured = settings.get(ANNOUNCEMENT_SETTING)
        return int(configured) if configured and str(configured).isdigit() else None

    def _fallback_channel(self, guild_id: int) -> int | None:
        """The guild's system channel, else its first text channel the bot may write in."""
        guild = self.client.get_guild(guild_id)
        if guild is None:
            return None
        if guild.system_channel is not None:
            return guild.system_channel.id
        for channel in guild.text_channels:
            if channel.permissions_for(guild.me).send_messages:
                return channel.id
        return None

    async def _where(self, community: CommunityRef, launched: str | None) -> int | None:
        configured = await self._announcement_channel(community)
        if configured is not None:
            return configured
        if launched and launched.isdigit():
            return int(launched)
        return self._fallback_channel(int(community.external_id))

    # --- the Notifier protocol --------------------------------------------------------------

    async def _find(self, guild_id: int, number: int, launched: str | None) -> bool:
        """Look the vote's message up in the launch channel if it is not known yet; whether
        it was found now."""
        if self.live is None or self.live.place(guild_id, number) is not None:
            return False
        if launched and launched.isdigit():
            return await self.live.find(guild_id, number, int(launched))
        return False

    async def announce(self, announcement_: Announcement) -> None:
        """Post a result in the channel; the vote's message shows its final state.

        An opening (« vote.opened ») posts nothing: the vote was shown in the reply to the
        command or form that opened it; that message gets its ballot components here.
        """
        view: VoteView = announcement_.payload
        guild_id = int(announcement_.community.external_id)
        # Before posting: the result's own heading names the vote too.
        found_now = await self._find(guild_id, view.number, announcement_.channel_id)
        if announcement_.kind == OPENED:
            # A message already known was refreshed by the command that opened the vote.
            if found_now and self.live is not None:
                self.live.settled(guild_id, view.number, view)
            return
        channel_id = await self._where(announcement_.community, announcement_.channel_id)
        if channel_id is None:
            log.warning("guild %s: no channel to announce vote %s in", guild_id, view.number)
            return
        services = getattr(self.client, "services", None)
        now = services.clock.now() if services is not None else discord.utils.utcnow()
        channel = self.client.get_partial_messageable(channel_id, guild_id=guild_id)
        await post(channel, announcement(view, view.language, now))
        if self.live is not None:
            self.live.settled(guild_id, view.number, view)

    async def direct(self, message: DirectMessage) -> None:
        """A reminder as a direct message; closed DMs are named in the next channel notice."""
        found: ReminderView = message.payload
        user_id = int(message.user_id)
        guild_id = int(message.community.external_id)
        user = self.client.get_user(user_id) or await self.client.fetch_user(user_id)
        try:
            await user.send(**message_kwargs(reminder(found, found.language)))
        except discord.Forbidden as exc:
            if exc.code != CANNOT_SEND_TO_USER:
                raise
            named = self._named[(guild_id, found.number)]
            if message.user_id in named:
                return
            named.add(message.user_id)
            log.info("guild %s: a member's direct messages are closed", guild_id)
            place = self.live.place(guild_id, found.number) if self.live is not None else None
            channel, names = self._closed.get(guild_id, (None, []))
            if channel is None:
                configured = await self._announcement_channel(message.community)
                channel = configured or (place.channel_id if place is not None else None)
                channel = channel or self._fallback_channel(guild_id)
            names.append(found.member)
            self._closed[guild_id] = (channel, names)

    async def flush(self) -> None:
        """Post this round's closed-DM notices: one message per guild naming them all."""
        pending, self._closed = self._closed, {}
        for guild_id, (channel_id, names) in pending.items():
            if channel_id is None:
                log.warning("guild %s: no channel for the closed-DM notice", guild_id)
                continue
            guild = self.client.get_guild(guild_id)
            services = getattr(self.client, "services", None)
            lang = "fr"
            if services is not None and guild is not None:
                ref = CommunityRef("discord", str(guild_id), guild.name)
                lang = (await services.communities.settings(ref)).language
            text = t("discord.dm_closed", lang, names=", ".join(sorted(names)))
            channel = self.client.get_partial_messageable(channel_id, guild_id=guild_id)
            try:
                await post(channel, reply(Text(text, "warn")))
            except Exception:
                # Not lost: named in the next round's notice.
                self._closed.setdefault(guild_id, (channel_id, []))[1].extend(names)
                raise
