"""`coopilote practices search [--json] [--top K] "query"`: the console's search, scriptable.

The JSON printed is a stable contract: `{"query": "...", "results": [{"id": int, "title":
"...", "score": float}], "relaxed": bool}` (results empty when nothing relevant was found).
"""

from __future__ import annotations

import argparse
import json

from bot.cli import subparser

MAX_TOP = 50


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `practices search` to the `practices` actions."""
    from bot.cli.practices import _community_option

    search = subparser(
        actions, "search", "Chercher dans les pratiques comme un membre (même base que la console)"
    )
    search.add_argument("--json", action="store_true", help="réponse JSON (contrat stable)")
    search.add_argument(
        "--top", type=int, default=5, metavar="K", help=f"nombre de résultats (1 à {MAX_TOP})"
    )
    _community_option(search)
    search.add_argument("query", metavar="RECHERCHE", help="les mots cherchés")
    search.set_defaults(handler=search_practices)


def search_practices(args: argparse.Namespace) -> int:
    """Print the first K results of a search, as text or JSON."""
    from bot.cli.common import fail, language, run_with_services
    from bot.cli.practices import _actor_or_exit
    from bot.core.errors import CoopiloteError
    from bot.core.practices.records import SearchRequest

    lang = language(args)
    if not 1 <= args.top <= MAX_TOP:
        return fail(
            f"--top doit être entre 1 et {MAX_TOP}."
            if lang == "fr"
            else f"--top must be between 1 and {MAX_TOP}."
        )
    actor = _actor_or_exit(args)

    async def body(services) -> int:  # type: ignore[no-untyped-def]
        try:
            page = await services.practices.search(
                actor, SearchRequest(text=args.query), per_page=args.top
            )
        except CoopiloteError as exc:
            return fail(exc.message(lang))
        scores = page.scores or (0.0,) * len(page.hits)
        results = [
            {"id": hit.id, "title": hit.title, "score": float(score)}
            for hit, score in zip(page.hits, scores, strict=True)
        ]
        if args.json:
            out = {"query": args.query, "results": results, "relaxed": page.relaxed}
            print(json.dumps(out, ensure_ascii=False))
        elif not results:
            print("Rien de pertinent trouvé." if lang == "fr" else "Nothing relevant found.")
        else:
            for item in results:
                print(f"#{item['id']}  {item['title']}")
        return 0

    return run_with_services(args, body)
