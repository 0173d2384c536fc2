"""`coopilote catalog check`: validate the tool catalog shipped with the advisor."""

from __future__ import annotations

import argparse

from bot.cli import subparser


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `catalog` and its `check` action."""
    parser = subparser(sub, "catalog", "Vérifier le catalogue d’outils du conseiller")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION")
    check = subparser(
        actions,
        "check",
        "Chaque famille a des outils, aucun doublon, champs et adresses valides, chaque "
        "produit reconnu au catalogue ou déclaré absent",
    )
    check.set_defaults(handler=check_command)
    parser.set_defaults(handler=lambda args: (parser.print_help(), 2)[1])


def check_command(args: argparse.Namespace) -> int:
    """Print the catalog's figures, or its problems (exit 1)."""
    from bot.cli.common import language
    from bot.core.advisor.catalog_check import check_catalog

    english = language(args) == "en"
    report = check_catalog()
    if report.ok:
        if english:
            print(
                f"Catalog valid: {report.tools} tools, {report.families} families, "
                f"{report.products} products recognised ({report.absent} deliberately absent)."
            )
        else:
            print(
                f"Catalogue valide : {report.tools} outils, {report.families} familles, "
                f"{report.products} produits reconnus ({report.absent} absents à dessein)."
            )
        return 0
    count = len(report.problems)
    print(
        f"{count} problem(s) in the catalog:" if english else f"{count} problème(s) au catalogue :"
    )
    for problem in report.problems:
        print(f"  - {problem}")
    return 1
