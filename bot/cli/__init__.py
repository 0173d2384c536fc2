"""The `coopilote` command line (French help; --lang en for English answers).

Subcommands live in modules of this package, each with a `register(subparsers)`; heavy
imports stay inside the handlers so that `coopilote advise` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from bot import __version__

Handler = Callable[[argparse.Namespace], int]

# Modules that add subcommands, in the order --help lists them.
SUBCOMMANDS = (
    "console",
    "run",
    "advise",
    "catalog",
    "db",
    "demo",
    "audit",
    "decisions",
    "practices",
    "archive",
)


class _FrenchFormatter(argparse.RawDescriptionHelpFormatter):
    """Help text with French section titles."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        # argparse passes prefix="" when it builds a subcommand's prog: keep it empty there.
        french = "utilisation : " if prefix is None else prefix
        return super().add_usage(usage, actions, groups, french)


def _french(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.formatter_class = _FrenchFormatter
    for group in parser._action_groups:  # argparse has no public hook for these titles
        if group.title == "positional arguments":
            group.title = "arguments"
        elif group.title in ("options", "optional arguments"):
            group.title = "options"
    return parser


def subparser(sub: argparse._SubParsersAction, name: str, summary: str, **kw: object):  # type: ignore[type-arg]
    """Add a subcommand whose help and error messages are French."""
    kw.setdefault("add_help", False)  # the French -h/--help below replaces argparse's own
    parser = sub.add_parser(name, help=summary, description=summary, **kw)  # type: ignore[arg-type]
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    return _french(parser)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="coopilote",
        description=(
            "Coopilote : conseiller d’outils numériques, décisions du CA à distance et "
            "bonnes pratiques pour l’économie sociale.\n"
            "Sans commande : la console (ou Discord/Matrix s’ils sont configurés)."
        ),
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    parser.add_argument(
        "--version",
        action="version",
        version=f"coopilote {__version__}",
        help="afficher la version et quitter",
    )
    parser.add_argument(
        "--lang", choices=("fr", "en"), default=None, help="langue des réponses (fr par défaut)"
    )
    sub = parser.add_subparsers(dest="command", title="commandes", metavar="COMMANDE")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"bot.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bot.cli.{name}":
                continue  # a feature not built yet
            raise
        module.register(sub)
    return _french(parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `coopilote` and `python -m bot`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from bot.cli.run import default

        handler = default
    try:
        return handler(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
