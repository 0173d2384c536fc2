"""`coopilote export|import`: one community in one JSON archive, and back."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli import subparser
from bot.cli.common import fail, language, run_with_services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `export` and `import`."""
    export = subparser(
        sub,
        "export",
        "Sauvegarder une communauté (réglages, membres, votes, registre, journal d’audit, "
        "pratiques) dans une archive JSON",
    )
    export.add_argument(
        "community",
        nargs="?",
        metavar="COMMUNAUTÉ",
        help="sa clé (ex. : discord:1234, console:local), son numéro ou son nom exact",
    )
    export.add_argument("file", nargs="?", metavar="FICHIER", help="l’archive à écrire")
    export.add_argument(
        "--liste",
        "--list",
        dest="list",
        action="store_true",
        help="lister les communautés de la base (numéro, clé, nom) et quitter",
    )
    export.add_argument(
        "--remplacer",
        "--replace",
        dest="replace",
        action="store_true",
        help="écraser le fichier s’il existe déjà",
    )
    export.set_defaults(handler=export_community)
    restore = subparser(
        sub,
        "import",
        "Restaurer une communauté depuis une archive (refusé si elle existe déjà dans la base)",
    )
    restore.add_argument("file", metavar="FICHIER", help="l’archive écrite par « export »")
    restore.add_argument(
        "--verifier",
        "--check",
        dest="check",
        action="store_true",
        help="vérifier l’archive seulement (forme, empreinte, chaîne d’audit), sans rien écrire",
    )
    restore.add_argument(
        "--attendu",
        "--expect",
        dest="expect",
        metavar="N:EMPREINTE",
        help="avec --verifier : une tête publiée (annonces, extraits) qui doit être dans "
        "le journal de l’archive",
    )
    restore.set_defaults(handler=import_community)


def _refused(lang: str, exc: Exception) -> int:
    from bot.core.archive import ArchiveRefused

    assert isinstance(exc, ArchiveRefused)
    return fail(("Refused: " if lang == "en" else "Refusé : ") + exc.message(lang))


def _run(args: argparse.Namespace, body, lang: str, *, writing: bool) -> int:  # type: ignore[no-untyped-def]
    """Run `body` with the services; a refusal or a database error ends it with one line."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.core.archive import ArchiveRefused

    en = lang == "en"
    try:
        return run_with_services(args, body)
    except ArchiveRefused as exc:
        return _refused(lang, exc)
    except SQLAlchemyError as exc:
        # Rolled back whole: say so, with the database's reason (never the URL).
        reason = getattr(exc, "orig", None) or exc
        first_line = (str(reason).splitlines() or [""])[0]
        if writing:
            said = (
                "Database error, nothing was imported: "
                if en
                else "Erreur de base de données, rien n’a été importé : "
            )
        else:
            said = (
                "Database error, no archive was written: "
                if en
                else "Erreur de base de données, aucune archive n’a été écrite : "
            )
        return fail(said + f"{type(reason).__name__}: {first_line}")  # fmt: skip


def export_community(args: argparse.Namespace) -> int:
    """Write one community's archive; with --liste, name the communities instead."""
    from bot.core.archive import communities, export_community, find, write_archive

    lang = language(args)
    en = lang == "en"
    if not args.list and (args.community is None or args.file is None):
        return fail(
            "Usage: coopilote export COMMUNITY FILE (or --list)."
            if en
            else "Utilisation : coopilote export COMMUNAUTÉ FICHIER (ou --liste)."
        )

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        db = services.db
        if args.list:
            for c in await communities(db):
                print(f"{c.id:>5}  {c.key:<32} {c.name}")
            return 0
        found = await find(db, args.community)
        if len(found) != 1:
            listing = "\n".join(f"  {c.id:>5}  {c.key:<32} {c.name}" for c in found)
            if not found:
                return fail(
                    f"Unknown community: {args.community} (coopilote export --list)."
                    if en
                    else f"Communauté inconnue : {args.community} (coopilote export --liste)."
                )
            return fail(
                ("Several communities have this name; give its key or number:\n" if en else
                 "Plusieurs communautés portent ce nom ; donnez sa clé ou son numéro :\n")
                + listing
            )  # fmt: skip
        community = found[0]
        document = await export_community(db, community.id, services.clock.now())
        write_archive(Path(args.file), document, replace=args.replace)
        counts = document["counts"]
        if en:
            print(f"Community {community.key} ({community.name}) saved to {args.file}:")
        else:
            print(f"Communauté {community.key} ({community.name}) sauvegardée : {args.file}")
        print(
            f"  {counts['members']} members, {counts['votes']} votes, "
            f"{counts['audit_events']} audit events, {counts['practices']} practices."
            if en
            else f"  {counts['members']} membres, {counts['votes']} votes, "
            f"{counts['audit_events']} événements d’audit, {counts['practices']} pratiques."
        )
        return 0

    try:
        return _run(args, body, lang, writing=False)
    except OSError as exc:
        return fail(
            (f"Cannot write {args.file}: " if en else f"Écriture impossible de {args.file} : ")
            + (exc.strerror or str(exc))
        )


def _check(document: dict, expect: str | None, en: bool) -> int:  # type: ignore[type-arg]
    """Verify an archive on its own (nothing written), with a published head if given."""
    from bot.core.archive import verify_archive
    from bot.core.decisions.audit import parse_expected

    try:
        head = parse_expected(expect) if expect else None
    except ValueError:
        return fail(
            f"Invalid head: {expect} (expected N:HASH)"
            if en
            else f"Tête invalide : {expect} (attendu : N:EMPREINTE)"
        )
    events = verify_archive(document, head)
    source = document["tables"]["communities"][0]
    key = f"{source['platform']}:{source['external_id']}"
    print(
        f"OK: archive of {key} intact ({events} audit events verified)."
        if en
        else f"OK : archive de {key} intacte ({events} événements d’audit vérifiés)."
    )
    if head is not None:
        print("Published head found." if en else "Tête publiée trouvée.")
    return 0


def import_community(args: argparse.Namespace) -> int:
    """Restore a community from its archive, then verify its audit log in the database."""
    from bot.core.archive import ArchiveRefused, import_community, read_archive
    from bot.core.decisions.audit import verify

    lang = language(args)
    en = lang == "en"
    try:
        document = read_archive(Path(args.file))
        if args.check or args.expect:
            return _check(document, args.expect, en)
    except ArchiveRefused as exc:
        return _refused(lang, exc)

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        report = await import_community(services.db, document, services.clock.now())
        audit = await verify(services.db, report.key)
        rows, number = sum(report.rows.values()), report.community_id
        if en:
            print(f"Community {report.key} imported: {rows} rows (number {number}).")
        else:
            print(f"Communauté {report.key} importée : {rows} lignes (numéro {number}).")
        if report.ids_kept:
            print(
                "Ids as in the source: the published audit hashes still apply."
                if en
                else "Identifiants conservés : les empreintes d’audit publiées restent valables."
            )
        else:
            print(
                "New ids in this database: the audit chain was sealed again, and ends with "
                "the source's head."
                if en
                else "Nouveaux identifiants dans cette base : la chaîne d’audit a été rescellée "
                "et se termine par la tête d’origine."
            )
        if not audit.ok:
            return fail(
                "Audit log does NOT verify: run `coopilote audit verify`."
                if en
                else "Le journal d’audit ne se vérifie PAS : lancez « coopilote audit verify »."
            )
        print(
            f"Audit log verified ({audit.events} events)."
            if en
            else f"Journal d’audit vérifié ({audit.events} événements)."
        )
        return 0

    return _run(args, body, lang, writing=True)
