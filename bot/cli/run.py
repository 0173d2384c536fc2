"""`coopilote run`: the chat platforms; and what `coopilote` alone starts."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable

from bot.cli import subparser
from bot.cli.common import settings
from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `run`."""
    parser = subparser(
        sub, "run", "Démarrer le bot sur Discord et/ou Matrix (selon la configuration)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Start every configured platform, or say what is missing."""
    config = settings(args)
    platforms = [
        name
        for name, ok in (
            ("Discord", config.discord_configured),
            ("Matrix", config.matrix_configured),
        )
        if ok
    ]
    if not platforms:
        print(
            "Aucune plateforme n’est configurée. Il manque : "
            + ", ".join(config.missing_for_platforms())
            + ".\nVoir config/coopilote.example.env. "
            + "Pour essayer sans plateforme : coopilote console"
        )
        return 2
    import asyncio

    from bot.cli.common import setup_logging

    setup_logging(config.log_level)
    return asyncio.run(run_platforms(config))


async def run_platforms(config: Settings) -> int:
    """Discord and/or Matrix in one process, sharing the services and one stop signal."""
    import asyncio

    from bot.matrix.runner import run_matrix

    if not config.discord_configured:
        return await run_matrix(config)
    from bot.cogs.runner import run_discord

    if not config.matrix_configured:
        return await run_discord(config)
    from bot.core.app import open_services

    services = await open_services(config)
    stop = asyncio.Event()

    async def then_stop(platform: Awaitable[int]) -> int:
        try:
            return await platform
        finally:
            stop.set()  # one platform failing (a refused token) stops the whole process

    try:
        # Discord starts the scheduler once connected; Matrix only mirrors and answers.
        codes = await asyncio.gather(
            then_stop(run_discord(config, stop, services)),
            then_stop(run_matrix(config, stop, services, start_services=False)),
        )
    finally:
        await services.close()
    return max(codes)


def default(args: argparse.Namespace) -> int:
    """`coopilote` alone: the platforms when configured, else the console."""
    config = settings(args)
    if config.discord_configured or config.matrix_configured:
        return run(args)
    from bot.cli.console import console

    return console(args)
