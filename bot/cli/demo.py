"""`coopilote demo`: load the demo content (the source report's cases as practices)."""

from __future__ import annotations

import argparse

from bot.cli import subparser


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `demo`."""
    parser = subparser(
        sub, "demo", "Charger les pratiques de démonstration (les cas du rapport de veille)"
    )
    parser.add_argument(
        "--community",
        metavar="PLATEFORME:ID",
        default="console:local",
        help="la communauté, ex. discord:123456 (console:local par défaut)",
    )
    parser.set_defaults(handler=demo)


def demo(args: argparse.Namespace) -> int:
    """Import the demo practices; already loaded ones are left as they are."""
    from bot.cli.common import fail, language, run_with_services
    from bot.cli.practices import _actor_or_exit
    from bot.core.errors import CoopiloteError

    actor = _actor_or_exit(args)
    lang = language(args)

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        try:
            report = await services.practices.load_demo(actor)
        except CoopiloteError as exc:
            return fail(exc.message(lang))
        print(
            f"Démo : {report.imported} pratique(s) chargée(s), {report.skipped} déjà présente(s)."
            " Essayez : coopilote console, puis /pratiques"
        )
        return 0

    return run_with_services(args, body)
