"""`coopilote db upgrade|current`: the database schema by hand."""

from __future__ import annotations

import argparse

from bot.cli import subparser
from bot.cli.common import run_with_services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `db` and its actions."""
    parser = subparser(sub, "db", "Gérer la base de données")
    actions = parser.add_subparsers(
        dest="db_action", title="actions", metavar="ACTION", required=True
    )
    subparser(actions, "upgrade", "Mettre la base à jour (migrations Alembic)").set_defaults(
        handler=upgrade
    )
    subparser(actions, "current", "Afficher la version du schéma de la base").set_defaults(
        handler=current
    )


def upgrade(args: argparse.Namespace) -> int:
    """Apply pending migrations and print the revision reached."""

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        from bot.core.migrate import current_revision

        revision = await current_revision(services.db)
        print(f"Base à jour (révision {revision}) : {services.db.safe_url()}")
        return 0

    return run_with_services(args, body, migrate=True)


def current(args: argparse.Namespace) -> int:
    """Print the database's revision and the newest one known."""

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        from bot.core.migrate import current_revision, head_revision

        revision = await current_revision(services.db)
        head = head_revision()
        state = "à jour" if revision == head else f"en retard (dernière : {head})"
        print(f"Révision {revision or 'aucune'} — {state} : {services.db.safe_url()}")
        return 0

    return run_with_services(args, body, migrate=False)
