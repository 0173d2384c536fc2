"""`coopilote advise`: ask the advisor from the command line (stable JSON contract)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli import subparser


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `advise`."""
    parser = subparser(
        sub,
        "advise",
        "Trouver les familles d’usages et les outils qui répondent à un besoin",
    )
    parser.add_argument(
        "need", nargs="*", metavar="BESOIN", help="le besoin, en mots de tous les jours"
    )
    parser.add_argument(
        "--json", action="store_true", help="une ligne JSON par besoin (format stable)"
    )
    parser.add_argument(
        "--top", type=int, default=3, metavar="K", help="nombre maximal de familles (3)"
    )
    parser.add_argument(
        "--batch", metavar="FICHIER", help="un besoin par ligne (« - » : entrée standard)"
    )
    parser.set_defaults(handler=advise)


def _tool_json(tool) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """One tool in the stable JSON contract (field names as in the catalog)."""
    return {
        "nom": tool.name,
        "site": tool.website,
        "libre": tool.libre,
        "cout": tool.cost,
        "interface_fr": tool.french_ui,
        "hebergement": tool.hosting,
        "quebec_canada": tool.quebec_canada,
        "donnees_canada": tool.data_canada,
        "equipe": tool.team,
    }


def _json_line(need: str, top: int) -> str:
    from bot.core.advisor.engine import default_advisor

    advice = default_advisor().advise(need, top=top)
    return json.dumps(
        {
            "query": need,
            "families": [
                {
                    "famille": m.family.name,
                    "score": m.score,
                    # In the order shown: the first three are the shortlist.
                    "tools": [_tool_json(tool) for tool in m.tools],
                }
                for m in advice.matches
            ],
        },
        ensure_ascii=False,
    )


def _read_batch(path: str) -> list[str] | None:
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
        return data.decode("utf-8-sig").splitlines()
    except OSError as exc:
        print(f"Impossible de lire {path} : {exc.strerror}", file=sys.stderr)
    except UnicodeDecodeError:
        print(f"{path} n’est pas un texte UTF-8.", file=sys.stderr)
    return None


def advise(args: argparse.Namespace) -> int:
    """Print the answer for one need, or for each line of --batch."""
    from bot.cli.common import language

    lang = language(args)
    if args.top < 1 or args.top > 39:
        print(
            "--top doit être entre 1 et 39." if lang == "fr" else "--top must be 1 to 39.",
            file=sys.stderr,
        )
        return 2
    if args.batch is not None:
        if args.need:
            print("Donnez soit un besoin, soit --batch, pas les deux.", file=sys.stderr)
            return 2
        needs = _read_batch(args.batch)
        if needs is None:
            return 2
    else:
        needs = [" ".join(args.need)]
    if args.json:
        out = sys.stdout
        for need in needs:
            out.write(_json_line(need, args.top) + "\n")
        return 0
    return _advise_text(args, needs, lang)


def _advise_text(args: argparse.Namespace, needs: list[str], lang: str) -> int:
    from bot.cli.common import run_with_services
    from bot.console.actor import console_actor
    from bot.console.render.advisor import render_advice
    from bot.console.style import Style

    style = Style.for_stream(sys.stdout)

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        actor = console_actor()
        for index, need in enumerate(needs):
            if index:
                print()
            answer = await services.advisor.advise(actor, need, top=args.top)
            print(render_advice(answer, lang, style))
        return 0

    return run_with_services(args, body)
