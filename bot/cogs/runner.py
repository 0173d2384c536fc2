"""`coopilote run` on Discord: the services, the scheduler and the client, until a signal."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import aiohttp
import discord

from bot.cogs.client import CoopiloteBot, shard_options, use_api
from bot.core.app import Services, open_services
from bot.settings import Settings

log = logging.getLogger(__name__)

# What the operator reads when Discord refuses the bot, and what to do about it.
LOGIN_FAILED = (
    "Discord a refusé le jeton (COOPILOTE_DISCORD_TOKEN) : copiez-le à nouveau depuis le "
    "portail des développeurs Discord (Bot > Reset Token)."
)
UNREACHABLE = (
    "Impossible de joindre Discord à {url} : vérifiez la connexion au réseau "
    "(et COOPILOTE_DISCORD_API_URL si vous l’avez changée)."
)
INTENT_MISSING = (
    "Discord refuse l’intention privilégiée « Server Members Intent » : activez-la dans le "
    "portail des développeurs Discord (Bot > Privileged Gateway Intents)."
)


async def run_discord(
    settings: Settings, stop: asyncio.Event | None = None, services: Services | None = None
) -> int:
    """Connect to Discord with the core services (the scheduler starts once connected).

    `services` is given when Matrix runs in the same process (its caller closes them).
    """
    assert settings.discord_token is not None
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    use_api(settings.discord_api_url)
    own_services = services is None
    services = services or await open_services(settings)
    bot = CoopiloteBot(services, **shard_options(settings))
    try:
        client = asyncio.create_task(bot.start(settings.discord_token.get_secret_value()))
        stopped = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({client, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            await bot.close()
        await client  # what made the client stop, if it did on its own
        return 0
    except discord.LoginFailure:
        print(LOGIN_FAILED, file=sys.stderr, flush=True)
        return 1
    except discord.PrivilegedIntentsRequired:
        print(INTENT_MISSING, file=sys.stderr, flush=True)
        return 1
    except (aiohttp.ClientConnectionError, discord.GatewayNotFound) as exc:
        log.warning("Discord unreachable: %s", type(exc).__name__)
        print(UNREACHABLE.format(url=settings.discord_api_url), file=sys.stderr, flush=True)
        return 1
    finally:
        if own_services:
            await services.close()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
