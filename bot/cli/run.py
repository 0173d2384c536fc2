"""`coopilote run`: the chat platforms; and what `coopilote` alone starts."""

from __future__ import annotations

import argparse

from bot.cli import subparser
from bot.cli.common import settings


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
    if not config.discord_configured:
        print(
            "L’adaptateur Matrix n’est pas encore livré dans cette version; "
            "utilisez la console : coopilote console"
        )
        return 2
    if config.matrix_configured:
        print("L’adaptateur Matrix n’est pas encore livré : seul Discord démarre.")
    import asyncio

    from bot.cli.common import setup_logging
    from bot.cogs.runner import run_discord

    setup_logging(config.log_level)
    return asyncio.run(run_discord(config))


def default(args: argparse.Namespace) -> int:
    """`coopilote` alone: the platforms when configured, else the console."""
    config = settings(args)
    if config.discord_configured or config.matrix_configured:
        return run(args)
    from bot.cli.console import console

    return console(args)
