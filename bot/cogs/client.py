"""The Discord client: intents, where Discord is, and the cogs it loads."""

from __future__ import annotations

import logging
from typing import Any

import discord
import yarl
from discord.ext import commands

from bot.cogs.errors import answer_error
from bot.core.app import Services
from bot.settings import Settings

log = logging.getLogger(__name__)

# Cogs loaded at start, in order; each is one job of the bot on Discord.
COGS = ("bot.cogs.sync", "bot.cogs.commands", "bot.cogs.config", "bot.cogs.voting")


def intents() -> discord.Intents:
    """Least privilege: guilds and members (the electorate); no message content, no presences."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.members = True  # privileged: « Server Members Intent » in the developer portal
    return wanted


def use_api(api_url: str) -> None:
    """Send discord.py's REST calls (and so interaction callbacks and webhooks) to `api_url`.

    discord.py keeps its base URL on a class, so this is process-wide; the gateway follows
    from GET /gateway/bot on that server (see `CoopiloteBot.launch_shards`).
    """
    discord.http.Route.BASE = api_url.rstrip("/")


def shard_options(settings: Settings) -> dict[str, Any]:
    """The shards this process runs, from the settings (none given: Discord's count, all)."""
    options: dict[str, Any] = {}
    if settings.discord_shard_count is not None:
        options["shard_count"] = settings.discord_shard_count
    if settings.discord_shards:
        options["shard_ids"] = list(settings.discord_shards)
    return options


class CoopiloteBot(commands.AutoShardedBot):
    """The bot: one process, any number of guilds (each one community), sharded when large."""

    def __init__(
        self,
        services: Services,
        *,
        start_scheduler: bool = True,
        cogs: tuple[str, ...] = COGS,
        **options: Any,
    ) -> None:
        # The bot never joins voice: discord.py's warnings about voice libraries are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        options.setdefault("intents", intents())
        # Nothing in a guild's text is a command: everything goes through slash commands.
        options.setdefault("command_prefix", commands.when_mentioned)
        options.setdefault("help_command", None)
        # Every message is sent with mentions disabled unless a call says otherwise.
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        options.setdefault("chunk_guilds_at_startup", True)
        super().__init__(**options)
        self.services = services
        self.cogs_to_load = cogs  # tests load some cogs themselves, with their own parts
        # Tests that drive the scheduler by hand (run_due on a fake clock) turn this off.
        self._services_started = not start_scheduler

    async def setup_hook(self) -> None:
        """Load the cogs before connecting; every command's errors go to one handler."""

        async def on_error(interaction: discord.Interaction, error: Exception) -> None:
            await answer_error(self.services.communities, interaction, error)

        self.tree.on_error = on_error  # type: ignore[method-assign]
        for name in self.cogs_to_load:
            await self.load_extension(name)

    async def launch_shards(self) -> None:
        """Connect to the gateway that GET /gateway/bot names (not a hard-coded one), also
        when the shards are set (then discord.py would go to DEFAULT_GATEWAY)."""
        count, url, _limits = await self.http.get_bot_gateway()
        # Reconnections that cannot resume go to DEFAULT_GATEWAY: it must be this one too.
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        if self.shard_count is None:
            self.shard_count = count
        await super().launch_shards()

    async def on_ready(self) -> None:
        """Start the scheduler once connected: overdue results then have somewhere to go."""
        log.info("Discord connected: %d guild(s), %d shard(s)", len(self.guilds), self.shard_count)
        if not self._services_started:  # on_ready comes again after each new session
            self._services_started = True
            await self.services.start()
            log.info("scheduler started")

    async def close(self) -> None:
        """Stop the scheduler first (its announcements need this client), then disconnect."""
        if self.services.scheduler is not None and self.services.scheduler.running:
            await self.services.scheduler.stop()
        await super().close()
