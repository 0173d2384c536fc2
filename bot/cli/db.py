"""`coopilote db upgrade|current|copy`: the database schema by hand, and moving engines."""

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
    copy = subparser(
        actions,
        "copy",
        "Copier toute une base vers une autre, vide (ex. : SQLite vers PostgreSQL), sans perte",
    )
    copy.add_argument(
        "--from", dest="source", required=True, metavar="URL", help="base source (sqlite:///…)"
    )
    copy.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="URL",
        help="base cible, vide (postgresql://utilisateur:motdepasse@hôte:5432/base)",
    )
    copy.set_defaults(handler=copy_database)


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


def copy_database(args: argparse.Namespace) -> int:
    """Copy every row to an empty database; check row counts and the audit chain there."""
    import asyncio

    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from bot.cli.common import fail, language
    from bot.core.copying import CopyRefused, copy_database
    from bot.core.db import Database

    lang = language(args)
    en = lang == "en"

    async def body() -> int:
        source, target = Database(args.source), Database(args.target)
        try:
            report = await copy_database(source, target)
            from bot.core.decisions.audit import verify

            audit = await verify(target)
        finally:
            await source.dispose()
            await target.dispose()
        for table in report.tables:
            print(f"  {table.name:<24} {table.source_rows:>9} → {table.target_rows:>9}")
        rows = sum(t.target_rows for t in report.tables)
        if en:
            print(f"Copied {rows} rows in {len(report.tables)} tables to {target.safe_url()}.")
            print(f"Search index rebuilt: {report.indexed} practices.")
        else:
            print(f"{rows} lignes copiées dans {len(report.tables)} tables : {target.safe_url()}")
            print(f"Index de recherche reconstruit : {report.indexed} pratiques.")
        if not audit.ok:
            return fail(
                "Audit log of the copy does NOT verify: run `coopilote audit verify` on it."
                if en
                else "Le journal d’audit de la copie ne se vérifie PAS : "
                "lancez « coopilote audit verify » sur elle."
            )
        print(
            f"Audit log verified on the copy ({audit.events} events)."
            if en
            else f"Journal d’audit vérifié sur la copie ({audit.events} événements)."
        )
        return 0

    try:
        return asyncio.run(body())
    except CopyRefused as exc:
        return fail(("Copy refused: " if en else "Copie refusée : ") + exc.message(lang))
    except (ArgumentError, ValueError):
        # The parser's message repeats the URL, password included: not shown.
        return fail(
            "Invalid database URL (expected sqlite:///FILE or postgresql://USER:PASSWORD@HOST/DB)."
            if en
            else "URL de base invalide (attendu : sqlite:///FICHIER ou "
            "postgresql://UTILISATEUR:MOTDEPASSE@HÔTE/BASE)."
        )
    except (OSError, SQLAlchemyError) as exc:
        reason = getattr(exc, "orig", None) or exc
        first_line = (str(reason).splitlines() or [""])[0]
        return fail(
            ("Database error: " if en else "Erreur de base de données : ")
            + f"{type(reason).__name__}: {first_line}"
        )
