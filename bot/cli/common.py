"""Helpers shared by the subcommands: settings, logging, services, error display."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bot.core.app import Services
    from bot.settings import Settings

T = TypeVar("T")


def settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment, with --lang applied; exits with a message when invalid."""
    from pydantic import ValidationError

    from bot.settings import Settings

    try:
        loaded = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        print(f"Configuration invalide : {problems}", file=sys.stderr)
        raise SystemExit(2) from None
    if getattr(args, "lang", None):
        loaded = loaded.model_copy(update={"language": args.lang})
    return loaded


def language(args: argparse.Namespace) -> str:
    """The answer language without loading every setting (fast path for `advise`)."""
    import os

    lang = getattr(args, "lang", None) or os.environ.get("COOPILOTE_LANGUAGE", "fr")
    return "en" if lang.lower().startswith("en") else "fr"


def setup_logging(level: str = "WARNING", *, file: str | None = None) -> None:
    """Log to stderr (or a file, for the console whose screen is the user's)."""
    handler: logging.Handler = (
        logging.FileHandler(file, encoding="utf-8") if file else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def run_with_services(
    args: argparse.Namespace, body: Callable[[Services], Awaitable[T]], *, migrate: bool = True
) -> T:
    """Open the services (database upgraded), run `body`, close them."""
    from bot.core.app import open_services

    config = settings(args)
    setup_logging(config.log_level if config.log_level.upper() != "INFO" else "WARNING")

    async def _main() -> T:
        services = await open_services(config, migrate=migrate)
        try:
            return await body(services)
        finally:
            await services.close()

    return asyncio.run(_main())


def fail(message: str) -> int:
    """Print a message on stderr and return the error exit code."""
    print(message, file=sys.stderr)
    return 1
