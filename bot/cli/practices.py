"""`coopilote practices export|import`: a community's practices as JSON or Markdown files."""

from __future__ import annotations

import argparse
import os
import sys

from bot.cli import subparser


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `practices` and its actions."""
    parser = subparser(sub, "practices", "Exporter ou importer les bonnes pratiques")
    actions = parser.add_subparsers(
        dest="practices_action", title="actions", metavar="ACTION", required=True
    )
    export = subparser(
        actions, "export", "Exporter les pratiques d’une communauté (JSON sans perte, ou Markdown)"
    )
    export.add_argument(
        "--format",
        choices=("json", "markdown"),
        default="json",
        help="json (sauvegarde complète, réimportable) ou markdown (lisible)",
    )
    _community_option(export)
    export.add_argument(
        "file", nargs="?", metavar="FICHIER", help="fichier à écrire (sortie standard sinon)"
    )
    export.set_defaults(handler=export_practices)
    load = subparser(actions, "import", "Importer un fichier JSON de pratiques (tout ou rien)")
    _community_option(load)
    load.add_argument("file", metavar="FICHIER", help="export JSON (« - » : entrée standard)")
    load.set_defaults(handler=import_practices)
    from bot.cli import practices_search

    practices_search.register(actions)


def _community_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--community",
        metavar="PLATEFORME:ID",
        default="console:local",
        help="la communauté, ex. discord:123456 (console:local par défaut)",
    )


def operator(community: str):  # type: ignore[no-untyped-def]
    """The person at the command line: an administrator of the named community."""
    from bot.console.actor import CONSOLE_COMMUNITY
    from bot.core.actor import PLATFORMS, Actor, CommunityRef

    platform, _, external = community.partition(":")
    if platform not in PLATFORMS or not external:
        raise ValueError(community)
    ref = (
        CONSOLE_COMMUNITY
        if (platform, external) == ("console", "local")
        else CommunityRef(platform, external)
    )
    if ref == CONSOLE_COMMUNITY:
        from bot.console.actor import console_actor

        return console_actor()
    return Actor(
        community=ref,
        user_id="cli:operator",
        display_name="Opérateur Coopilote",
        is_admin=True,
    )


def _actor_or_exit(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    try:
        return operator(args.community)
    except ValueError:
        from bot.core.text import strip_invisible

        print(
            f"Communauté invalide : {strip_invisible(args.community)[:80]} (ex. : "
            "console:local, discord:123456, matrix:!salle:exemple.org)",
            file=sys.stderr,
        )
        raise SystemExit(2) from None


def export_practices(args: argparse.Namespace) -> int:
    """Write the community's practices to a file or standard output."""
    from bot.cli.common import fail, language, run_with_services
    from bot.core.errors import CoopiloteError

    actor = _actor_or_exit(args)
    lang = language(args)

    async def body(services) -> str | None:  # type: ignore[no-untyped-def]
        try:
            if args.format == "markdown":
                return await services.practices.export_markdown(actor, lang)
            report = await services.practices.export_json_report(actor)
        except CoopiloteError as exc:
            fail(exc.message(lang))
            return None
        # One broken record never stops a backup: it is named, and the export goes on.
        for repair in report.repairs:
            print(repair.message(lang), file=sys.stderr)
        return report.text

    text = run_with_services(args, body)
    if text is None:
        return 1
    if args.file and args.file != "-":
        try:
            with open(args.file, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            return fail(f"Impossible d’écrire {args.file} : {exc.strerror}")
        print(f"Pratiques exportées dans {args.file}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def import_practices(args: argparse.Namespace) -> int:
    """Read a JSON export and import it whole, or print why nothing was imported."""
    from bot.cli.common import fail, language, run_with_services
    from bot.core.errors import CoopiloteError
    from bot.core.practices.exchange import MAX_IMPORT_BYTES

    actor = _actor_or_exit(args)
    lang = language(args)
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
            size = len(data)
            # Too big: count the rest without keeping it, to say the real size.
            while size > MAX_IMPORT_BYTES and (chunk := sys.stdin.buffer.read(1 << 20)):
                size += len(chunk)
        else:
            with open(args.file, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                # Never read more than the limit: the import refuses bigger files anyway.
                data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        return fail(f"Impossible de lire {args.file} : {exc.strerror}")

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        try:
            report = await services.practices.import_json(actor, data, size=size)
        except CoopiloteError as exc:
            return fail(exc.message(lang))
        print(
            f"{report.imported} pratique(s) importée(s); "
            f"{report.skipped} déjà présente(s), laissée(s) telle(s) quelle(s)."
        )
        return 0

    return run_with_services(args, body)
