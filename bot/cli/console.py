"""`coopilote console`: the bot's commands in a terminal, on the configured database."""

from __future__ import annotations

import argparse

from bot.cli import subparser


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `console`."""
    parser = subparser(
        sub, "console", "Ouvrir la console (les mêmes commandes que sur Discord et Matrix)"
    )
    parser.set_defaults(handler=console)


def console(args: argparse.Namespace) -> int:
    """Run the console until /quitter or end of input."""
    import asyncio

    from bot.cli.common import settings, setup_logging
    from bot.console.app import run_console

    config = settings(args)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    # The terminal belongs to the conversation: logs go to a file.
    setup_logging(config.log_level, file=str(config.data_dir / "coopilote.log"))
    return asyncio.run(run_console(config))
