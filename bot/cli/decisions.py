"""`coopilote decisions export --json`: the register of the database the console uses."""

from __future__ import annotations

import argparse
import json

from bot.cli import subparser


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `decisions` and its actions."""
    parser = subparser(sub, "decisions", "Exporter le registre des décisions")
    actions = parser.add_subparsers(
        dest="decisions_action", title="actions", metavar="ACTION", required=True
    )
    export = subparser(
        actions,
        "export",
        "Imprimer les votes d’une communauté (contrat JSON stable, voir le README)",
    )
    export.add_argument(
        "--json", action="store_true", default=True, help="format JSON (le seul, par défaut)"
    )
    export.add_argument(
        "--communaute",
        "--community",
        dest="community",
        metavar="PLATEFORME:ID",
        default="console:local",
        help="la communauté, ex. discord:123456 (console:local par défaut : celle de la console)",
    )
    export.set_defaults(handler=export_votes)
    dead = subparser(
        actions,
        "outbox",
        "Lister les annonces et rappels abandonnés après leurs essais (lettres mortes)",
    )
    dead.set_defaults(handler=list_dead_letters)


def export_votes(args: argparse.Namespace) -> int:
    """Print {"votes": [...]} for the community (an empty list when it has none)."""
    from bot.cli.common import fail, run_with_services

    platform, _, external = str(args.community).partition(":")
    if not platform or not external:
        return fail(f"Communauté invalide : {args.community} (ex. : console:local, discord:123)")

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        data = await services.decisions.export_data(platform, external)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0

    return run_with_services(args, body)


def list_dead_letters(args: argparse.Namespace) -> int:
    """Print each message given up after its attempts; exit 1 when there is any."""
    from bot.cli.common import language, run_with_services

    english = language(args) == "en"

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        from bot.core.decisions.outbox import dead_letters

        dead = await dead_letters(services.db)
        if not dead:
            print("No message given up." if english else "Aucun message abandonné.")
            return 0
        print(
            f"{len(dead)} message(s) given up:"
            if english
            else f"{len(dead)} message(s) abandonné(s) :"
        )
        for d in dead:
            who = f" → {d.user_id}" if d.user_id else ""
            vote = f"vote #{d.vote_number}" if english else f"vote n° {d.vote_number}"
            tries = f"{d.attempts} attempts" if english else f"{d.attempts} essais"
            print(
                f"  {d.community} : {d.kind} {vote}{who} "
                f"({tries}, {d.dead_at:%Y-%m-%d %H:%M} UTC) — {d.error}"
            )
        return 1

    return run_with_services(args, body)
