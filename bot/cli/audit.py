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
}
_KINDS_EN = {
    "edited": "edited",
    "inserted": "inserted",
    "deleted": "deleted",
    "head": "log head inconsistent",
    "unknown": "unknown community",
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
    verify.set_defaults(handler=verify_log)


def verify_log(args: argparse.Namespace) -> int:
    """Print OK, or each problem found; exit 1 when the log was tampered with."""
    from bot.cli.common import language

    lang = language(args)

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        from bot.core.decisions.audit import verify

        report = await verify(services.db, args.community)
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
            row = f" (ligne id {p.row_id})" if p.row_id is not None and lang != "en" else ""
            if p.row_id is not None and lang == "en":
                row = f" (row id {p.row_id})"
            detail = f" [{p.detail}]" if p.detail else ""
            print(f"  {p.community} : {kinds.get(p.kind, p.kind)} — {event}{row}{detail}")
        return 1

    return run_with_services(args, body)
