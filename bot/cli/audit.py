"""`coopilote audit verify`: check the decisions' event log has not been tampered with."""

from __future__ import annotations

import argparse

from bot.cli import subparser
from bot.cli.common import run_with_services

_KINDS_FR = {
    "edited": "modifié",
    "inserted": "inséré",
    "deleted": "supprimé",
    "head": "tête du journal incohérente",
    "unknown": "communauté inconnue",
    "vote": "vote différent du journal",
    "expected": "tête publiée introuvable (journal raccourci ou réécrit)",
}
_KINDS_EN = {
    "edited": "edited",
    "inserted": "inserted",
    "deleted": "deleted",
    "head": "log head inconsistent",
    "unknown": "unknown community",
    "vote": "vote differs from the log",
    "expected": "published head not found (log cut back or rewritten)",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `audit` and its actions."""
    parser = subparser(sub, "audit", "Vérifier le journal d’audit des décisions")
    actions = parser.add_subparsers(
        dest="audit_action", title="actions", metavar="ACTION", required=True
    )
    verify = subparser(
        actions,
        "verify",
        "Vérifier la chaîne d’empreintes : signale toute ligne modifiée, insérée ou supprimée",
    )
    verify.add_argument(
        "--communaute",
        "--community",
        dest="community",
        metavar="CLÉ",
        help="une seule communauté (ex. : discord:1234, console:local)",
    )
    verify.add_argument(
        "--expect",
        "--attendu",
        dest="expect",
        metavar="N:EMPREINTE",
        help="une tête publiée (ex. : 42:1a2b3c4d5e6f7a8b, imprimée sur les annonces et les "
        "extraits) : signale un journal raccourci avant elle",
    )
    verify.set_defaults(handler=verify_log)


def verify_log(args: argparse.Namespace) -> int:
    """Print OK, or each problem found; exit 1 when the log was tampered with."""
    from bot.cli.common import language

    lang = language(args)

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        from bot.core.decisions.audit import parse_expected, verify

        expect = None
        if args.expect:
            try:
                expect = parse_expected(args.expect)
            except ValueError:
                message = (
                    f"Unreadable --expect “{args.expect}”: give N:HASH, e.g. 42:1a2b3c4d."
                    if lang == "en"
                    else f"--expect illisible « {args.expect} » : donnez N:EMPREINTE, "
                    "ex. : 42:1a2b3c4d."
                )
                print(message)
                return 2
        report = await verify(services.db, args.community, expect)
        if report.ok:
            if lang == "en":
                print(
                    f"OK: audit log intact ({report.events} events, "
                    f"{report.communities} communities)."
                )
            else:
                print(
                    f"OK : journal d’audit intact ({report.events} événements, "
                    f"{report.communities} communauté(s))."
                )
            return 0
        kinds = _KINDS_EN if lang == "en" else _KINDS_FR
        title = (
            "TAMPERING DETECTED in the audit log:"
            if lang == "en"
            else "ALTÉRATION DÉTECTÉE dans le journal d’audit :"
        )
        print(title)
        for p in report.problems:
            event = ("event" if lang == "en" else "événement") + f" {p.seq}" if p.seq else ""
            if p.kind == "vote":
                # Which vote, and which of its fields differ from the log.
                event = ("vote #" if lang == "en" else "vote n° ") + str(p.row_id)
                print(f"  {p.community} : {kinds['vote']} — {event} [{p.detail}]")
                continue
            row = f" (ligne id {p.row_id})" if p.row_id is not None and lang != "en" else ""
            if p.row_id is not None and lang == "en":
                row = f" (row id {p.row_id})"
            detail = f" [{p.detail}]" if p.detail else ""
            print(f"  {p.community} : {kinds.get(p.kind, p.kind)} — {event}{row}{detail}")
        return 1

    return run_with_services(args, body)
